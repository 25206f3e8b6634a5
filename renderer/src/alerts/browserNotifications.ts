import type { HostNotification, NotifySettings } from '../../../shared/alerts';
import type { GreenboardApi } from '../../../shared/contract';
import { hostHref, probeHref } from '../app/useRoute';

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

/**
 * Tagged by host or probe, so a recovery replaces that red notification instead of piling up
 * (a probe's tag is apart from any host's: a probe and a host may share a name).
 */
export function notificationFor(n: HostNotification): { title: string; options: NotificationOptions } {
  const tag = n.subject === 'probe' ? `probe/${n.hostId}` : n.hostId;
  return { title: n.title, options: { body: n.body, tag } };
}

/** The page a click on the notification opens: the host's or the probe's. */
export function notificationHref(n: Pick<HostNotification, 'subject' | 'hostId'>): string {
  return n.subject === 'probe' ? probeHref(n.hostId) : hostHref(n.hostId);
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

function openPage(href: string): void {
  window.focus();
  location.hash = href;
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
  /** Gets the page to open (`notificationHref`). */
  onOpen: (href: string) => void = openPage,
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
        env.show(title, options, () => onOpen(notificationHref(n)));
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
