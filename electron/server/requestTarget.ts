/**
 * The longest request target (path and query) the server reads. The UI's own URLs are a few
 * dozen characters and a token is 32; anything near this is a probe, answered 414 with a
 * message instead of being parsed.
 */
export const MAX_TARGET_LENGTH = 4096;

/** A request target that was understood: the parsed URL and its percent-decoded path. */
export interface RequestTarget {
  ok: true;
  url: URL;
  /** `url.pathname` percent-decoded; never holds control characters, `//`, `.` or `..` segments. */
  path: string;
}

/** Why a request target was refused, as the HTTP status and a message for the client. */
export interface TargetRefusal {
  ok: false;
  status: 400 | 414;
  message: string;
}

// C0 controls (NUL included) and DEL: nothing the UI or the API names holds them.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Parses the target of a request line (`req.url`) without ever throwing. Only origin-form
 * (`/path?query`) is accepted: Greenboard is not a proxy, so absolute-form (`http://h/p`),
 * authority-form and `*` are refused, as are bad percent-encodings and paths that a file
 * lookup could read differently from a person (`//`, dot segments, control characters).
 * https://www.rfc-editor.org/rfc/rfc9112#section-3.2
 */
export function parseRequestTarget(raw: string | undefined): RequestTarget | TargetRefusal {
  const refuse = (message: string, status: 400 | 414 = 400): TargetRefusal => ({
    ok: false,
    status,
    message,
  });
  if (raw === undefined || raw === '') return refuse('The request has no target; send a path such as /.');
  if (raw.length > MAX_TARGET_LENGTH) {
    return refuse(`The request target is ${raw.length} characters; the limit is ${MAX_TARGET_LENGTH}.`, 414);
  }
  if (!raw.startsWith('/')) {
    return refuse(`The request target must be a path starting with "/" (got "${preview(raw)}").`);
  }
  let url: URL;
  try {
    // Prefixing a fixed origin rather than passing a base: a target such as "//" or "//evil"
    // would otherwise be read as a scheme-relative URL naming another host (or throw).
    url = new URL(`http://greenboard.invalid${raw}`);
  } catch {
    return refuse(`The request target "${preview(raw)}" is not a valid URL path.`);
  }
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return refuse(
      `The path "${preview(url.pathname)}" has a bad percent-encoding: "%" must be followed by two hex digits of valid UTF-8.`,
    );
  }
  if (CONTROL.test(path)) return refuse('The path holds a control character (such as NUL); remove it.');
  // URL has already folded "/api/.." (and "%2e%2e") into "/": look for dot segments as sent.
  const rawPath = raw.split(/[?#]/)[0] ?? '';
  const sent = rawPath
    .split('/')
    .slice(1)
    .map((seg) => {
      try {
        return decodeURIComponent(seg);
      } catch {
        return seg;
      }
    });
  const segments = sent.some((s) => s === '.' || s === '..') ? sent : path.split('/').slice(1);
  if (segments.slice(0, -1).includes('')) {
    return refuse(`The path "${preview(path)}" has an empty segment ("//"); use single slashes.`);
  }
  if (segments.some((s) => s === '.' || s === '..')) {
    return refuse(
      `The path "${preview(rawPath)}" has a "." or ".." segment; ask for the resource by its own path.`,
    );
  }
  return { ok: true, url, path };
}

/** Enough of a hostile string to recognise it, without echoing kilobytes back. */
function preview(s: string): string {
  const printable = s.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 80 ? `${printable.slice(0, 80)}…` : printable;
}
