/**
 * Secrets people put inside URLs: `user:password@`, `?token=…`, `?api_key=…`, and webhook paths
 * that are themselves the secret (Slack's `hooks.slack.com/services/…`). Whatever keeps or shows
 * an error (the delivery log, the log file, an API error) passes its text through here first.
 */

const MASK = '***';

/** Query parameters whose value is a credential. */
const SECRET_PARAM =
  /(^|[_-])(token|key|secret|password|passwd|pass|pwd|auth|sig|signature|credential|credentials|session|apikey)$/i;

/** Hosts whose webhook URL path is the credential, so only the first path step is kept. */
const SECRET_PATH_HOSTS =
  /^(hooks\.slack\.com|discord(app)?\.com|outlook\.office\.com|[a-z0-9-]+\.webhook\.office\.com)$/i;

/** Anything that looks like an absolute URL inside a longer text. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;

/** `scheme://user[:password]@` however it is written, also where the URL does not parse. */
const USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@"'<>`]+@/gi;

/** One URL with its secrets replaced by `***`; a text that is not a URL gets {@link redactUrls}. */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url.replace(USERINFO, `$1${MASK}@`);
  }
  let changed = false;
  if (u.username || u.password) {
    u.username = MASK;
    u.password = '';
    changed = true;
  }
  for (const name of [...u.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) {
      u.searchParams.set(name, MASK);
      changed = true;
    }
  }
  if (SECRET_PATH_HOSTS.test(u.hostname)) {
    const first = u.pathname.split('/').filter(Boolean)[0];
    if (u.pathname.split('/').filter(Boolean).length > 1) {
      u.pathname = `/${first ?? ''}/${MASK}`;
      changed = true;
    }
  }
  // Nothing secret: the text as written, not as URL re-serialises it ("http://h:1" gains a "/").
  if (!changed) return url;
  // URLSearchParams re-encodes `***` as `%2A%2A%2A`; show the mask as written.
  return u.href.replaceAll('%2A%2A%2A', MASK);
}

/** A text (an error message, a log line) with every URL in it passed through {@link redactUrl}. */
export function redactUrls(text: string): string {
  return text.replace(URL_IN_TEXT, (m) => {
    // A URL at the end of a sentence keeps its full stop or bracket outside the redaction.
    const tail = /[.,;:)\]]+$/.exec(m)?.[0] ?? '';
    return redactUrl(m.slice(0, m.length - tail.length)) + tail;
  });
}
