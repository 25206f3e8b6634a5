import { z } from 'zod';
import { NotifySettingsSchema, type NotifySettings } from '../../../shared/alerts';
import { checkWithSchema, inputOrIssues, type FormErrors } from '../ui/formSchema';

/** The notification settings as typed. */
export interface NotifyDraft {
  desktop: boolean;
  webhookUrl: string;
  minGapMinutes: string;
}

type NotifyField = 'webhookUrl' | 'minGapMinutes';

export function toNotifyDraft(n: NotifySettings): NotifyDraft {
  return { desktop: n.desktop, webhookUrl: n.webhookUrl ?? '', minGapMinutes: String(n.minGapMinutes) };
}

/**
 * The Notifications tab's form schema: the fields as typed in, the contract's settings out,
 * checked with its own schema (the gap's range, the webhook's http(s) scheme); issue paths are
 * the field names (`notify.<field>` in the settings).
 */
export const NotifyFormSchema = z
  .object({ desktop: z.boolean(), webhookUrl: z.string(), minGapMinutes: z.string() })
  .transform((d, ctx): NotifySettings => {
    const errors: FormErrors<NotifyField> = {};
    const gapText = d.minGapMinutes.trim();
    const gap = Number(gapText);
    if (gapText === '' || !Number.isFinite(gap)) errors.minGapMinutes = 'enter a number of minutes';
    const url = d.webhookUrl.trim();
    const notify = { desktop: d.desktop, webhookUrl: url === '' ? null : url, minGapMinutes: gap };
    checkWithSchema(NotifySettingsSchema, notify, errors, (path) =>
      path[0] === 'webhookUrl' ? 'webhookUrl' : 'minGapMinutes',
    );
    return inputOrIssues(ctx, errors, notify);
  });
