import type { UseFormRegister } from 'react-hook-form';
import type { FieldErrors } from './rulesDraft';
import type { SettingsDraft } from './settingsForm';
import { BrowserNotificationPermission } from './BrowserNotificationPermission';
import { Field } from '../ui/Field';

interface Props {
  register: UseFormRegister<SettingsDraft>;
  /** Messages by setting path (`notify.webhookUrl`), shown beside their fields. */
  errors: FieldErrors;
  /** Inside Electron the operating system shows notifications; in a browser this page does. */
  inElectron: boolean;
}

/** The Notifications tab: desktop (or browser) notifications, their rate limit, and the webhook. */
export function NotifySettings({ register, errors, inElectron }: Props) {
  const gapError = errors['notify.minGapMinutes'];
  const urlError = errors['notify.webhookUrl'];

  return (
    <div className="notify-settings" data-testid="settings-notify">
      <section className="settings-section">
        <h3 className="settings-section__title">When a host turns red or recovers</h3>
        <label className="choice">
          <input type="checkbox" data-testid="notify-desktop" {...register('notify.desktop')} />
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
                data-testid="notify-gap"
                {...register('notify.minGapMinutes')}
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
            data-testid="notify-webhook"
            {...register('notify.webhookUrl')}
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
