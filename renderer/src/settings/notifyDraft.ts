import type { NotifySettings } from '../../../shared/alerts';
import type { FieldErrors } from './rulesDraft';

/** The notification settings as typed. */
export interface NotifyDraft {
  desktop: boolean;
  webhookUrl: string;
  minGapMinutes: string;
}

export function toNotifyDraft(n: NotifySettings): NotifyDraft {
  return { desktop: n.desktop, webhookUrl: n.webhookUrl ?? '', minGapMinutes: String(n.minGapMinutes) };
}

/**
 * Catches what the engine would reject in less helpful words: an empty gap, and a webhook
 * address that is not http(s) (zod's url() accepts any scheme, but the engine can only POST to
 * http and https). The gap's range is left to the engine.
 */
export function fromNotifyDraft(d: NotifyDraft): { notify: NotifySettings; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const gapText = d.minGapMinutes.trim();
  const gap = Number(gapText);
  if (gapText === '' || !Number.isFinite(gap)) errors['notify.minGapMinutes'] = 'enter a number of minutes';
  const url = d.webhookUrl.trim();
  if (url !== '' && !isHttpUrl(url)) {
    errors['notify.webhookUrl'] = 'enter an http:// or https:// address, or leave it empty for no webhook';
  }
  return {
    notify: { desktop: d.desktop, webhookUrl: url === '' ? null : url, minGapMinutes: gap },
    errors,
  };
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}
