/**
 * Text from hosts and users (a group's tag, host names, mount paths) goes into a report that
 * someone opens in a browser or a Markdown viewer: every such string passes through here.
 */

/**
 * Without control characters, which never belong in a report (an escape could rewrite the
 * terminal that prints it); tabs and line breaks stay.
 */
function visible(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if ((c >= 32 && c !== 127) || c === 9 || c === 10 || c === 13) out += ch;
  }
  return out;
}

/** Text for HTML content and attribute values (and for SVG, which is XML). */
export function html(text: string): string {
  return visible(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Text for Markdown prose and table cells: one line; the characters that open markup mid-line
 * (emphasis, code, links and images, table cells, strike-through) backslash-escaped; `<`, `>`
 * and `&` as entities, so a name can never open inline HTML (CommonMark passes raw HTML
 * through). Line-start markup (`#`, `-`, `1.`) needs no escape: the renderer never starts a
 * line with an escaped string.
 */
export function md(text: string): string {
  return visible(text)
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`);
}
