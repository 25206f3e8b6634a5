import type { HostNotification, NotifySettings } from '../../../shared/alerts';
import type { GreenboardApi } from '../../../shared/contract';
import { hostHref } from '../hooks/useRoute';

/** The page's notification permission, or `unsupported` where the API is missing (plain http). */
export type BrowserPermission = NotificationPermission | 'unsupported';

/**
 * What the page can see about where it runs, and the two things it does with a notification.
 * Injected so the decisions below are tested without a DOM.
 */
export interface NotificationEnv {
  /** Electron's main process shows notifications itself; the page must not add a second one. */
  inElectron: boolean;
  permission: () => BrowserPermission;
  show: (title: string, options: NotificationOptions, onClick: () => void) => void;
}

export type ShowDecision =
  { show: true } | { show: false; why: 'electron' | 'unsupported' | 'not-granted' | 'desktop-off' };

/** Whether the page should show a notification the engine sent. */
export function decideBrowserNotification(
  env: { inElectron: boolean; permission: BrowserPermission },
  notify: Pick<NotifySettings, 'desktop'>,
): ShowDecision {
  if (env.inElectron) return { show: false, why: 'electron' };
  if (env.permission === 'unsupported') return { show: false, why: 'unsupported' };
  if (env.permission !== 'granted') return { show: false, why: 'not-granted' };
  if (!notify.desktop) return { show: false, why: 'desktop-off' };
  return { show: true };
}

/** Tagged by host, so a recovery replaces that host's red notification instead of piling up. */
export function notificationFor(n: HostNotification): { title: string; options: NotificationOptions } {
  return { title: n.title, options: { body: n.body, tag: n.hostId } };
}

/** The environment of this page. */
export function browserEnv(): NotificationEnv {
  return {
    inElectron: window.greenboard !== undefined,
    permission: browserPermission,
    show(title, options, onClick) {
      const shown = new Notification(title, options);
      shown.onclick = () => {
        onClick();
        shown.close();
      };
    },
  };
}

export function browserPermission(): BrowserPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

function openHost(hostId: string): void {
  window.focus();
  location.hash = hostHref(hostId);
}

/**
 * Shows the engine's `notify:host` events as browser notifications in headless mode (the
 * engine has already applied silences and the per-host rate limit). Settings are read when a
 * notification arrives, so turning desktop notifications off applies at once without a store.
 * Returns the unsubscribe.
 */
export function initBrowserNotifications(
  api: Pick<GreenboardApi, 'on' | 'call'>,
  env: NotificationEnv = browserEnv(),
  onOpen: (hostId: string) => void = openHost,
): () => void {
  if (env.inElectron) return () => {};
  let active = true;
  const off = api.on('notify:host', (n) => {
    // Nothing to ask the engine when the page could not show it anyway.
    if (
      !decideBrowserNotification({ inElectron: false, permission: env.permission() }, { desktop: true }).show
    )
      return;
    api.call('settings:get', {}).then(
      (settings) => {
        const decision = decideBrowserNotification(
          { inElectron: false, permission: env.permission() },
          settings.notify,
        );
        if (!active || !decision.show) return;
        const { title, options } = notificationFor(n);
        env.show(title, options, () => onOpen(n.hostId));
      },
      () => {
        // The engine is unreachable; the connection banner already says so.
      },
    );
  });
  return () => {
    active = false;
    off();
  };
}
