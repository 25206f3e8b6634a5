/**
 * Whether `url` is the app's own page: the dev server's origin while developing
 * (ELECTRON_RENDERER_URL), otherwise the built renderer loaded from a file. Anything else (a
 * page navigated to by accident, an iframe from elsewhere, a URL that does not parse) is not.
 * Plain TypeScript, no electron import, so the decisions built on it are tested in Node.
 */
export function isAppPageUrl(url: string, devUrl: string | undefined): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (devUrl) {
    try {
      return parsed.origin === new URL(devUrl).origin;
    } catch {
      return false;
    }
  }
  return parsed.protocol === 'file:' && parsed.pathname.endsWith('/renderer/index.html');
}
