import type { FieldErrors } from './rulesDraft';
import type { NotifyDraft } from './notifyDraft';
import { BrowserNotificationPermission } from './BrowserNotificationPermission';
import { Field } from '../ui/Field';

interface Props {
  draft: NotifyDraft;
  errors: FieldErrors;
  /** Inside Electron the operating system shows notifications; in a browser this page does. */
  inElectron: boolean;
  onChange: (next: NotifyDraft) => void;
}

/** The Notifications tab: desktop (or browser) notifications, their rate limit, and the webhook. */
export function NotifySettings({ draft, errors, inElectron, onChange }: Props) {
  const gapError = errors['notify.minGapMinutes'];
  const urlError = errors['notify.webhookUrl'];
  const set = (patch: Partial<NotifyDraft>): void => onChange({ ...draft, ...patch });

  return (
    <div className="notify-settings" data-testid="settings-notify">
      <section className="settings-section">
        <h3 className="settings-section__title">When a host turns red or recovers</h3>
        <label className="choice">
          <input
            type="checkbox"
            checked={draft.desktop}
            data-testid="notify-desktop"
            onChange={(e) => set({ desktop: e.target.checked })}
          />
          <span>
            Show a {inElectron ? 'desktop' : 'browser'} notification
            {inElectron ? '' : ' (while this page is open)'}
          </span>
        </label>
        {!inElectron && <BrowserNotificationPermission />}
        <Field
          label="At most one per host every"
          hint="0 lets every change through. Silences and maintenance windows hold notifications back altogether."
          error={gapError}
          errorTestId="notify-error"
          errorField="notify.minGapMinutes"
        >
          {(c) => (
            <span className="notify-gap">
              <input
                {...c}
                className="input rules-input"
                type="text"
                inputMode="decimal"
                autoComplete="off"
                value={draft.minGapMinutes}
                data-testid="notify-gap"
                onChange={(e) => set({ minGapMinutes: e.target.value })}
              />
              <span>minutes</span>
            </span>
          )}
        </Field>
      </section>

      <section className="settings-section">
        <h3 className="settings-section__title">Webhook</h3>
        <Field
          label="Post to this URL"
          hint="A Slack-compatible incoming webhook (http or https) gets a JSON message for each notification. Leave it empty for none."
          error={urlError}
          errorTestId="notify-error"
          errorField="notify.webhookUrl"
        >
          <input
            className="input mono"
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            placeholder="https://hooks.slack.com/services/…"
            value={draft.webhookUrl}
            data-testid="notify-webhook"
            onChange={(e) => set({ webhookUrl: e.target.value })}
          />
        </Field>
      </section>

      <p className="notice settings__note">
        Every notification, and each webhook delivery with its retries and errors, is listed on the Alerts
        page.
      </p>
    </div>
  );
}
