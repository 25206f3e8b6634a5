import { describe, expect, it } from 'vitest';
import { parseAtPaths } from '../ui/formSchema';
import { NotifyFormSchema, type NotifyDraft } from './notifyDraft';

/** The form schema's verdict as the settings dialog reads it. */
function fromNotifyDraft(d: NotifyDraft) {
  const r = parseAtPaths(NotifyFormSchema, d, 'notify');
  return r.ok ? { notify: r.data, errors: {} } : { notify: null, errors: r.errors };
}

describe('NotifyFormSchema', () => {
  it('takes http(s) webhooks only, an empty one as none, and needs a gap', () => {
    const ok = fromNotifyDraft({
      desktop: true,
      webhookUrl: ' https://hooks.example/T1 ',
      minGapMinutes: '5',
    });
    expect(ok).toEqual({
      notify: { desktop: true, webhookUrl: 'https://hooks.example/T1', minGapMinutes: 5 },
      errors: {},
    });
    expect(
      fromNotifyDraft({ desktop: false, webhookUrl: '', minGapMinutes: '0' }).notify?.webhookUrl,
    ).toBeNull();
    const bad = fromNotifyDraft({ desktop: true, webhookUrl: 'ftp://x', minGapMinutes: '' });
    expect(Object.keys(bad.errors).sort()).toEqual(['notify.minGapMinutes', 'notify.webhookUrl']);
    expect(bad.errors).toMatchObject({
      'notify.minGapMinutes': 'enter a number of minutes',
      'notify.webhookUrl': expect.stringContaining('http:// or https://') as unknown,
    });
  });

  it('takes the gap’s range from the contract', () => {
    const r = fromNotifyDraft({ desktop: true, webhookUrl: '', minGapMinutes: '5000' });
    expect(r.errors).toEqual({ 'notify.minGapMinutes': expect.stringContaining('1440') as unknown });
  });
});
