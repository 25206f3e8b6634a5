// Accounts from /etc/passwd and /etc/shadow. The script sends only names, UIDs and whether the
// password field is empty (never a hash): passwd rows with UID 0 or an empty field, and the
// names with an empty field in shadow.
import type { Finding } from '../../../shared/audit';
import { keyValues, type HostFacts, type Sections } from './auditOutput';
import { deniedReason, fail, notChecked, pass, SPECS } from './findings';

export interface PasswdRow {
  name: string;
  /** empty: no password at all; x: in shadow; locked: "!" or "*"; hash: a hash in passwd itself. */
  field: 'empty' | 'x' | 'locked' | 'hash';
  uid: number;
}

/** The passwd rows the script sent ("name:field:uid") and how many accounts it read. */
export function parsePasswd(text: string): { rows: PasswdRow[]; count: number | null } {
  const rows: PasswdRow[] = [];
  for (const line of text.split('\n')) {
    const m = /^([^:]+):(empty|x|locked|hash):(\d+)$/.exec(line);
    if (m) rows.push({ name: m[1]!, field: m[2] as PasswdRow['field'], uid: Number(m[3]) });
  }
  const count = Number(keyValues(text).get('count'));
  return { rows, count: Number.isInteger(count) && count > 0 ? count : null };
}

/** accounts.uid0 */
export function uid0Finding(sections: Sections): Finding {
  const spec = SPECS.uid0;
  const s = sections.get('passwd');
  const { rows, count } = parsePasswd(s?.text ?? '');
  if (!s || s.rc !== 0 || count === null) return notChecked(spec, '/etc/passwd not readable', '');
  const extra = rows.filter((r) => r.uid === 0 && r.name !== 'root').map((r) => r.name);
  if (extra.length === 0) return pass(spec, `Of ${count} accounts in /etc/passwd only root has UID 0.`);
  return fail(spec, `UID 0 besides root in /etc/passwd: ${extra.join(', ')}.`);
}

/**
 * accounts.empty-password. An empty passwd field is readable by anyone and is a fail on its
 * own; the shadow file needs root, and without it the answer stays open.
 */
export function emptyPasswordFinding(sections: Sections, facts: HostFacts): Finding {
  const spec = SPECS.emptyPassword;
  const { rows, count } = parsePasswd(sections.get('passwd')?.text ?? '');
  const inPasswd = rows.filter((r) => r.field === 'empty').map((r) => r.name);
  const shadow = sections.get('shadow')?.parts[0];
  const inShadow = (shadow?.state === 'ok' ? shadow.text.split('\n') : [])
    .filter((l) => l.startsWith('empty:'))
    .map((l) => l.slice(6));
  const evidence = [
    inPasswd.length ? `empty password field in /etc/passwd: ${inPasswd.join(', ')}` : '',
    inShadow.length ? `empty password field in /etc/shadow: ${inShadow.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  if (evidence) return fail(spec, `${evidence}.`);
  if (!shadow) return notChecked(spec, 'the shadow check did not run', '');
  if (shadow.state === 'unreadable')
    return notChecked(
      spec,
      deniedReason(facts.uid),
      '/etc/shadow is not readable; /etc/passwd has no empty field.',
    );
  if (count === null) return notChecked(spec, '/etc/passwd not readable', '');
  const where =
    shadow.state === 'missing' ? '/etc/passwd (there is no /etc/shadow)' : '/etc/passwd and /etc/shadow';
  return pass(spec, `No empty password field among ${count} accounts in ${where}.`);
}
