import type { ApiIssue } from '../../../shared/schemas';
import type { ErrorsByPath } from '../ui/formErrors';
import { dataSourceErrorsFromIssues } from './dataSourceDraft';
import { fieldErrorsFromIssues } from './fieldErrors';
import type { SettingsTab } from './SettingsTabs';

const GENERAL_KEYS = ['retentionDays', 'localIntervalMs'];

/** The tab that shows the field at a settings path, if any does. */
export function tabOf(path: string): SettingsTab | null {
  const head = path.split('.')[0] ?? '';
  if (head === 'rules') return 'rules';
  if (head === 'notify') return 'notify';
  if (head === 'prometheus') return 'sources';
  if (head === 'plan') return 'plan';
  if (GENERAL_KEYS.includes(head)) return 'general';
  return null;
}

/** The tab a refusal is about: that of its first issue the form can place. */
export function tabOfIssues(issues: readonly ApiIssue[]): SettingsTab | null {
  return issues.map((i) => tabOf(i.path.join('.'))).find((t) => t !== null) ?? null;
}

/**
 * A refusal by the engine as the summary under the form. With issues, each one on its own terms:
 * a general setting's message reads alone ("Each coarser tier…"), a rule or source keeps its path,
 * which is also how the field is spelled in greenboard.json. Without, the engine's message as it is.
 */
export function refusalSummary(message: string, issues: readonly ApiIssue[]): string {
  if (issues.length === 0) return message;
  return issues
    .map(({ path, message: text }) => {
      if (path.length === 0 || GENERAL_KEYS.includes(String(path[0]))) {
        return text.charAt(0).toUpperCase() + text.slice(1);
      }
      return `${path.join('.')}: ${text}`;
    })
    .join('; ');
}

/** The engine's issues on the fields the form shows (`known`, by settings path). */
export function refusedFields(issues: readonly ApiIssue[], known: readonly string[]): ErrorsByPath {
  return { ...fieldErrorsFromIssues(issues, known), ...dataSourceErrorsFromIssues(issues) };
}

/**
 * The form's own refusal (its schema's errors, by settings path) as the summary under it. The
 * General tab's messages are sentences that read alone, so the first is the summary; the plan's
 * first is named as the plan's; the rest are listed with their paths.
 */
export function formRefusalSummary(errors: ErrorsByPath): string {
  const entries = Object.entries(errors);
  const [first] = entries;
  if (!first) return '';
  const tab = tabOf(first[0]);
  if (tab === 'general') return first[1];
  if (tab === 'plan') return `Incident plan: ${first[1]}`;
  const list = entries.map(([p, m]) => `${p}: ${m}`).join('; ');
  const fix = entries.length === 1 ? 'that field' : 'those fields';
  return `Not saved: ${list}. Fix ${fix} and save again.`;
}
