import { describe, expect, it } from 'vitest';
import { DEFAULT_NOTIFY_SETTINGS, type HostNotification } from '../../../shared/alerts';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/schemas';
import {
  decideBrowserNotification,
  initBrowserNotifications,
  notificationFor,
  type BrowserPermission,
  type NotificationEnv,
} from './browserNotifications';

const RED: HostNotification = {
  subject: 'host',
  hostId: 'db-1',
  hostName: 'db-1',
  kind: 'red',
  title: 'db-1 is red',
  body: 'memory 97% ≥ 95% for 2 min',
  at: 1_700_000_000_000,
};

describe('decideBrowserNotification', () => {
  const on = { desktop: true };
  it('shows only in a browser, with permission granted and desktop notifications on', () => {
    expect(decideBrowserNotification({ inElectron: false, permission: 'granted' }, on)).toEqual({
      show: true,
    });
    expect(decideBrowserNotification({ inElectron: true, permission: 'granted' }, on)).toEqual({
      show: false,
      why: 'electron',
    });
    for (const permission of ['default', 'denied'] as const) {
      expect(decideBrowserNotification({ inElectron: false, permission }, on)).toEqual({
        show: false,
        why: 'not-granted',
      });
    }
    expect(decideBrowserNotification({ inElectron: false, permission: 'unsupported' }, on)).toEqual({
      show: false,
      why: 'unsupported',
    });
    expect(
      decideBrowserNotification({ inElectron: false, permission: 'granted' }, { desktop: false }),
    ).toEqual({
      show: false,
      why: 'desktop-off',
    });
  });

  it('tags a notification with its host, so a recovery replaces the red one', () => {
    expect(notificationFor(RED)).toEqual({
      title: 'db-1 is red',
      options: { body: 'memory 97% ≥ 95% for 2 min', tag: 'db-1' },
    });
  });
});

/** A fake transport and page (there is no DOM under vitest here): records what would be shown. */
function harness(opts: { inElectron?: boolean; permission?: BrowserPermission; desktop?: boolean }) {
  let listener: ((n: HostNotification) => void) | null = null;
  let settingsCalls = 0;
  const shown: { title: string; options: NotificationOptions; click: () => void }[] = [];
  const opened: string[] = [];
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    notify: { ...DEFAULT_NOTIFY_SETTINGS, desktop: opts.desktop ?? true },
  };
  const api = {
    on: ((event: string, l: (n: HostNotification) => void) => {
      expect(event).toBe('notify:host');
      listener = l;
      return () => {
        listener = null;
      };
    }) as never,
    call: (() => {
      settingsCalls++;
      return Promise.resolve(settings);
    }) as never,
  };
  const env: NotificationEnv = {
    inElectron: opts.inElectron ?? false,
    permission: () => opts.permission ?? 'granted',
    show: (title, options, click) => shown.push({ title, options, click }),
  };
  const stop = initBrowserNotifications(api, env, (id) => opened.push(id));
  const emit = async (n: HostNotification): Promise<void> => {
    listener?.(n);
    await new Promise((r) => setTimeout(r, 0));
  };
  return {
    emit,
    stop,
    shown,
    opened,
    subscribed: () => listener !== null,
    settingsCalls: () => settingsCalls,
  };
}

describe('initBrowserNotifications', () => {
  it('shows a notification per event, and a click opens the host page', async () => {
    const h = harness({});
    await h.emit(RED);
    expect(h.shown).toHaveLength(1);
    expect(h.shown[0]?.title).toBe('db-1 is red');
    h.shown[0]?.click();
    expect(h.opened).toEqual(['#/host/db-1']);
  });

  it("opens a probe's page from a probe's notification, tagged apart from a host of the same name", async () => {
    const probe: HostNotification = { ...RED, subject: 'probe', hostId: 'db-1', title: 'probe db-1 is red' };
    const h = harness({});
    await h.emit(probe);
    h.shown[0]?.click();
    expect(h.opened).toEqual(['#/probe/db-1']);
    expect(notificationFor(probe).options.tag).not.toBe(notificationFor(RED).options.tag);
  });

  it('does not subscribe inside Electron, where main shows the notification', async () => {
    const h = harness({ inElectron: true });
    expect(h.subscribed()).toBe(false);
    await h.emit(RED);
    expect(h.shown).toHaveLength(0);
  });

  it('stays quiet without permission (without asking the engine) and with desktop notifications off', async () => {
    const denied = harness({ permission: 'denied' });
    await denied.emit(RED);
    expect(denied.shown).toHaveLength(0);
    expect(denied.settingsCalls()).toBe(0);

    const off = harness({ desktop: false });
    await off.emit(RED);
    expect(off.shown).toHaveLength(0);
    expect(off.settingsCalls()).toBe(1);
  });

  it('shows nothing after unsubscribing, even for an event already in flight', async () => {
    const h = harness({});
    const pending = h.emit(RED);
    h.stop();
    await pending;
    expect(h.shown).toHaveLength(0);
    expect(h.subscribed()).toBe(false);
  });
});
