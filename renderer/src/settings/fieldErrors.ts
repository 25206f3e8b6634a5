import type { ApiIssue } from '../../../shared/schemas';
import type { FieldErrors } from './rulesDraft';

/**
 * Picks out of a refusal's issues the messages for fields the form shows. `paths` are those
 * fields as the form spells them: the issue's segments joined by dots, so a tag or host name that
 * holds a dot (`rules.hosts.db.1.cpu.warn`) still matches exactly. Two issues on one field are
 * kept together; issues about fields the form does not show are left to the summary.
 */
export function fieldErrorsFromIssues(issues: readonly ApiIssue[], paths: readonly string[]): FieldErrors {
  const known = new Set(paths);
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const path = issue.path.join('.');
    if (known.has(path)) errors[path] = errors[path] ? `${errors[path]}; ${issue.message}` : issue.message;
  }
  return errors;
}
