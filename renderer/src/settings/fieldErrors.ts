import type { FieldErrors } from './rulesDraft';

/**
 * A refusal from settings:set comes as one line of `path: message` issues joined by "; "
 * (zod's shape errors and the engine's rule checks alike), e.g. "Alert rules not saved:
 * rules.hosts.db-1.cpu.warn: must be ≤ critical (95). Fix that field and save again." Issues are
 * split only where the next one starts with a settings key, because a message may hold "; " of
 * its own ("must be ≤ 100 (it is a percentage); to stop this rule set enabled: false").
 */
const ISSUE_START = /; (?=(?:rules|notify|retentionDays|localIntervalMs)[.:])/;
const PREFIXES = [/^Invalid input for settings:set: /, /^Alert rules not saved: /];
const SUFFIX = /\.? Fix (?:that field|those fields) and save again\.?$/;

/**
 * Picks out the messages for fields the form shows. `paths` are the dotted paths of those
 * fields; a tag or host name may itself hold dots or spaces, so each issue is matched against
 * the known paths (longest first) rather than split on dots.
 */
export function fieldErrorsFromMessage(message: string, paths: readonly string[]): FieldErrors {
  let body = message.trim();
  for (const p of PREFIXES) body = body.replace(p, '');
  body = body.replace(SUFFIX, '');
  const byLength = [...paths].sort((a, b) => b.length - a.length);
  const errors: FieldErrors = {};
  for (const issue of body.split(ISSUE_START)) {
    const path = byLength.find((p) => issue.startsWith(`${p}: `));
    if (path) {
      const text = issue.slice(path.length + 2);
      errors[path] = errors[path] ? `${errors[path]}; ${text}` : text;
    }
  }
  return errors;
}
