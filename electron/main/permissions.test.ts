import { describe, expect, it } from 'vitest';
import { isAppPageUrl } from './appPage';
import { allowPermission } from './permissions';
import { appWebPreferences } from './webPreferences';

const BUILT = 'file:///opt/Greenboard/resources/app.asar/out/renderer/index.html';
const DEV = 'http://localhost:5173/';

describe('isAppPageUrl', () => {
  it('accepts the built renderer, with any hash route or query', () => {
    expect(isAppPageUrl(BUILT, undefined)).toBe(true);
    expect(isAppPageUrl(`${BUILT}#/host/web-1`, undefined)).toBe(true);
    expect(isAppPageUrl(`${BUILT}?x=1`, undefined)).toBe(true);
  });

  it('refuses other files, other schemes and what does not parse', () => {
    expect(isAppPageUrl('file:///home/me/Downloads/evil.html', undefined)).toBe(false);
    expect(isAppPageUrl('file:///tmp/renderer/index.html.evil', undefined)).toBe(false);
    expect(isAppPageUrl('https://example.com/renderer/index.html', undefined)).toBe(false);
    expect(isAppPageUrl('about:blank', undefined)).toBe(false);
    expect(isAppPageUrl('not a url', undefined)).toBe(false);
    expect(isAppPageUrl('', undefined)).toBe(false);
  });

  it("while developing, accepts the dev server's origin only", () => {
    expect(isAppPageUrl('http://localhost:5173/#/incidents', DEV)).toBe(true);
    expect(isAppPageUrl('http://localhost:5174/', DEV)).toBe(false);
    expect(isAppPageUrl('http://127.0.0.1:5173/', DEV)).toBe(false);
    expect(isAppPageUrl(BUILT, DEV)).toBe(false);
    expect(isAppPageUrl(DEV, 'not a url')).toBe(false);
  });
});

describe('allowPermission', () => {
  const ask = (permission: string, requestingUrl: string | undefined = BUILT, isMainFrame = true) =>
    allowPermission({ permission, requestingUrl, isMainFrame }, undefined);

  it("allows notifications and clipboard writes to the app's own top-level page", () => {
    expect(ask('notifications')).toBe(true);
    expect(ask('clipboard-sanitized-write')).toBe(true); // Postmortem → Copy
    expect(allowPermission({ permission: 'notifications', requestingUrl: DEV, isMainFrame: true }, DEV)).toBe(
      true,
    );
  });

  it('refuses every other permission, even to the app page', () => {
    for (const p of [
      'media',
      'geolocation',
      'clipboard-read',
      'deprecated-sync-clipboard-read',
      'display-capture',
      'fullscreen',
      'hid',
      'usb',
      'serial',
      'openExternal',
      'pointerLock',
      'fileSystem',
      'unknown',
    ])
      expect(ask(p), p).toBe(false);
  });

  it('refuses them to any other page, a subframe, or a check made for no document', () => {
    expect(ask('notifications', 'https://example.com/')).toBe(false);
    expect(ask('clipboard-sanitized-write', 'https://example.com/')).toBe(false);
    expect(ask('notifications', 'file:///tmp/evil.html')).toBe(false);
    expect(ask('notifications', BUILT, false)).toBe(false);
    expect(
      allowPermission(
        { permission: 'notifications', requestingUrl: undefined, isMainFrame: true },
        undefined,
      ),
    ).toBe(false);
    expect(
      allowPermission({ permission: 'notifications', requestingUrl: BUILT, isMainFrame: true }, DEV),
    ).toBe(false);
  });
});

describe('appWebPreferences', () => {
  it('isolates and sandboxes the page, and turns middle-click off', () => {
    const prefs = appWebPreferences('/app/preload/index.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    });
    expect(prefs.disableBlinkFeatures?.split(',')).toContain('Auxclick');
    expect(prefs.enableBlinkFeatures).toBeUndefined();
  });
});
