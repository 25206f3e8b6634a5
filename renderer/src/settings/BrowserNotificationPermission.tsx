import { useEffect, useState } from 'react';
import { browserPermission, type BrowserPermission } from '../alerts/browserNotifications';

const STATE_TEXT: Record<BrowserPermission, string> = {
  granted: 'Allowed. This tab shows a notification when a host turns red or recovers, as long as it is open.',
  default: 'Not allowed yet. Your browser asks once; until then this tab shows no notifications.',
  denied:
    'Blocked by this browser. To allow them, open the site settings (the icon left of the address), set Notifications to Allow, then reload this page.',
  unsupported:
    'This browser offers no notifications to this page: browsers allow them only over https or on localhost. Open Greenboard at http://127.0.0.1 on this machine, or use the webhook below.',
};

/**
 * Headless mode only: the page can show notifications once the person allows them, and the
 * browser asks only in answer to a click.
 * https://developer.mozilla.org/en-US/docs/Web/API/Notification/requestPermission_static
 */
export function BrowserNotificationPermission() {
  const [permission, setPermission] = useState<BrowserPermission>(browserPermission);
  const [asking, setAsking] = useState(false);

  // A change made in the browser's site settings while the dialog is open shows up at once.
  useEffect(() => {
    let status: PermissionStatus | null = null;
    let cancelled = false;
    const onChange = (): void => setPermission(browserPermission());
    navigator.permissions?.query({ name: 'notifications' }).then(
      (s) => {
        if (cancelled) return;
        status = s;
        s.addEventListener('change', onChange);
      },
      () => {}, // no Permissions API: the state shown is read when the dialog opens
    );
    return () => {
      cancelled = true;
      status?.removeEventListener('change', onChange);
    };
  }, []);

  const ask = async (): Promise<void> => {
    setAsking(true);
    try {
      setPermission(await Notification.requestPermission());
    } finally {
      setAsking(false);
    }
  };

  return (
    <div className="notify-permission" data-testid="notify-permission" data-permission={permission}>
      <span className="field__label">In this browser</span>
      <p className={`notify-permission__state notify-permission__state--${permission}`}>
        {STATE_TEXT[permission]}
      </p>
      {permission === 'default' && (
        <button
          type="button"
          className="button"
          data-testid="notify-permission-request"
          disabled={asking}
          onClick={() => void ask()}
        >
          Allow browser notifications
        </button>
      )}
    </div>
  );
}
