import { isAppPageUrl } from './appPage';

/** What a permission handler is asked: which permission, by which frame. */
export interface PermissionAsk {
  permission: string;
  /** The last URL the asking frame loaded; absent when no document asks (a service worker). */
  requestingUrl: string | undefined;
  isMainFrame: boolean;
}

/**
 * What the app's page uses: notifications, and writing to the clipboard (Postmortem → Copy),
 * which Chromium asks for as `clipboard-sanitized-write` before every navigator.clipboard
 * write; refusing it breaks the Copy button. Reading the clipboard stays refused.
 */
const ALLOWED = new Set(['notifications', 'clipboard-sanitized-write']);

/**
 * Electron grants every permission a page asks for unless the session says otherwise, so both
 * the request and the check handler come here: notifications and clipboard writes for the
 * app's own top-level page, and nothing else (camera, geolocation, reading the clipboard, HID,
 * ...) for it, nor anything at all for any other page or frame.
 * https://www.electronjs.org/docs/latest/tutorial/security#5-handle-session-permission-requests-from-remote-content
 */
export function allowPermission(ask: PermissionAsk, devUrl: string | undefined): boolean {
  return (
    ALLOWED.has(ask.permission) &&
    ask.isMainFrame &&
    ask.requestingUrl !== undefined &&
    isAppPageUrl(ask.requestingUrl, devUrl)
  );
}
