import { formatTime } from '../../../shared/format';
import type { IncidentStatus, TimelineKind } from '../../../shared/incidents';

/** A span in the largest units that matter: "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
export function formatSpan(ms: number | null): string {
  if (ms === null) return '—';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** "14:03:21" today, "27 Nov 14:03" on another day; 24-hour, like the rest of the board. */
export function formatWhen(ts: number, now = Date.now()): string {
  return formatTime(ts, { now });
}

export const STATUS_LABEL: Record<IncidentStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

/** An icon and a word per timeline kind, so an entry reads without colour. */
export const KIND_META: Record<TimelineKind, { icon: string; label: string }> = {
  declared: { icon: '⚑', label: 'Declared' },
  status: { icon: '➜', label: 'Status' },
  severity: { icon: '⇅', label: 'Severity' },
  role: { icon: '♟', label: 'Role' },
  host_state: { icon: '◉', label: 'Host state' },
  probe_state: { icon: '◎', label: 'Probe state' },
  diagnostic: { icon: '⌘', label: 'Diagnostic' },
  checklist: { icon: '☑', label: 'Checklist' },
  update: { icon: '✉', label: 'Update' },
  note: { icon: '✍', label: 'Note' },
  resolved: { icon: '✔', label: 'Resolved' },
};

/** The title a declaration from a host starts with: "db-1: disk / 97% ≥ 95%". */
export function declareTitle(hostName: string, reasons: readonly string[]): string {
  const worst = reasons[0];
  return worst ? `${hostName}: ${worst}` : `${hostName}: incident`;
}

/** The diagnostic output a timeline entry carries, when it has any. */
export function diagnosticOutput(data: Record<string, unknown> | undefined): string | null {
  if (!data) return null;
  const out = typeof data.stdout === 'string' ? data.stdout : '';
  const err = typeof data.stderr === 'string' ? data.stderr : '';
  const text = [out, err].filter((t) => t.trim() !== '').join('\n--- stderr ---\n');
  return text === '' ? null : text;
}

/** Why an update was not sent to the webhook, or null when it was (or is queued). */
export function updateNotSent(data: Record<string, unknown> | undefined): string | null {
  return typeof data?.notSent === 'string' ? data.notSent : null;
}
