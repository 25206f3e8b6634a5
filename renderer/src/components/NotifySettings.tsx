import { useId } from 'react';
import type { FieldErrors } from '../settings/rulesDraft';
import type { NotifyDraft } from '../settings/notifyDraft';
import { BrowserNotificationPermission } from './BrowserNotificationPermission';

interface Props {
  draft: NotifyDraft;
  errors: FieldErrors;
  /** Inside Electron the operating system shows notifications; in a browser this page does. */
  inElectron: boolean;
  onChange: (next: NotifyDraft) => void;
}

function FieldError({ id, message, path }: { id: string; message: string | undefined; path: string }) {
  if (!message) return null;
  return (
    <span id={id} className="rule-error" data-testid="notify-error" data-field={path}>
      {message}
    </span>
  );
}

/** The Notifications tab: desktop (or browser) notifications, their rate limit, and the webhook. */
export function NotifySettings({ draft, errors, inElectron, onChange }: Props) {
  const id = useId();
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
        <div className="field">
          <span className="notify-gap">
            <label htmlFor={`${id}-gap`}>At most one per host every</label>
            <input
              id={`${id}-gap`}
              className="input rules-input"
              type="text"
              inputMode="decimal"
              autoComplete="off"
              value={draft.minGapMinutes}
              data-testid="notify-gap"
              aria-invalid={gapError ? true : undefined}
              aria-describedby={`${id}-gap-hint${gapError ? ` ${id}-gap-error` : ''}`}
              onChange={(e) => set({ minGapMinutes: e.target.value })}
            />
            <span>minutes</span>
          </span>
          <FieldError id={`${id}-gap-error`} message={gapError} path="notify.minGapMinutes" />
          <span id={`${id}-gap-hint`} className="field__hint">
            0 lets every change through. Silences and maintenance windows hold notifications back altogether.
          </span>
        </div>
      </section>

      <section className="settings-section">
        <h3 className="settings-section__title">Webhook</h3>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-url`}>
            Post to this URL
          </label>
          <input
            id={`${id}-url`}
            className="input mono"
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            placeholder="https://hooks.slack.com/services/…"
            value={draft.webhookUrl}
            data-testid="notify-webhook"
            aria-invalid={urlError ? true : undefined}
            aria-describedby={`${id}-url-hint${urlError ? ` ${id}-url-error` : ''}`}
            onChange={(e) => set({ webhookUrl: e.target.value })}
          />
          <FieldError id={`${id}-url-error`} message={urlError} path="notify.webhookUrl" />
          <span id={`${id}-url-hint`} className="field__hint">
            A Slack-compatible incoming webhook (http or https) gets a JSON message for each notification.
            Leave it empty for none.
          </span>
        </div>
      </section>

      <p className="notice settings__note">
        Every notification, and each webhook delivery with its retries and errors, is listed on the Alerts
        page.
      </p>
    </div>
  );
}
