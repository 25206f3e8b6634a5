/**
 * The Markdown Greenboard itself writes (postmortems): headings, paragraphs, nested lists,
 * tables, fenced code, emphasis, bold and inline code. Parsed into plain data and rendered as
 * React elements, never as HTML, so text from an incident (a host name, a log line) cannot
 * inject markup into the app.
 */

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'em'; children: Inline[] }
  | { kind: 'strong'; children: Inline[] }
  | { kind: 'code'; text: string };

export interface ListItem {
  content: Inline[];
  children: ListItem[];
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; content: Inline[] }
  | { kind: 'paragraph'; content: Inline[] }
  | { kind: 'list'; items: ListItem[] }
  | { kind: 'table'; head: Inline[][]; rows: Inline[][][] }
  | { kind: 'code'; text: string };

const HEADING = /^(#{1,6})\s+(.*)$/;
const ITEM = /^(\s*)[-*+]\s+(.*)$/;
const FENCE = /^```/;
const TABLE_ROW = /^\s*\|.*\|\s*$/;
const TABLE_RULE = /^\s*\|(\s*:?-{3,}:?\s*\|)+\s*$/;

/** Splits a Markdown text into blocks. Anything it does not know is kept as paragraph text. */
export function parseMarkdown(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    if (FENCE.test(line)) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !FENCE.test(lines[i]!)) body.push(lines[i++]!);
      i++; // the closing fence (or the end)
      blocks.push({ kind: 'code', text: body.join('\n') });
      continue;
    }
    const h = HEADING.exec(line);
    if (h) {
      blocks.push({ kind: 'heading', level: h[1]!.length as 1, content: parseInline(h[2]!.trim()) });
      i++;
      continue;
    }
    if (TABLE_ROW.test(line) && i + 1 < lines.length && TABLE_RULE.test(lines[i + 1]!)) {
      const head = cells(line);
      i += 2;
      const rows: Inline[][][] = [];
      while (i < lines.length && TABLE_ROW.test(lines[i]!)) rows.push(cells(lines[i++]!));
      blocks.push({ kind: 'table', head, rows });
      continue;
    }
    if (ITEM.test(line)) {
      const items: { indent: number; text: string }[] = [];
      while (i < lines.length && ITEM.test(lines[i]!)) {
        const m = ITEM.exec(lines[i++]!)!;
        items.push({ indent: m[1]!.length, text: m[2]! });
      }
      blocks.push({ kind: 'list', items: nest(items) });
      continue;
    }
    const para: string[] = [];
    while (
      i < lines.length &&
      lines[i]!.trim() !== '' &&
      !HEADING.test(lines[i]!) &&
      !ITEM.test(lines[i]!) &&
      !FENCE.test(lines[i]!)
    )
      para.push(lines[i++]!.trim());
    blocks.push({ kind: 'paragraph', content: parseInline(para.join(' ')) });
  }
  return blocks;
}

function cells(row: string): Inline[][] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => parseInline(c.trim()));
}

/** Items deeper than the one before them become its children. */
function nest(flat: { indent: number; text: string }[]): ListItem[] {
  const root: ListItem[] = [];
  const stack: { indent: number; item: ListItem }[] = [];
  for (const f of flat) {
    const item: ListItem = { content: parseInline(f.text), children: [] };
    while (stack.length > 0 && stack[stack.length - 1]!.indent >= f.indent) stack.pop();
    const parent = stack[stack.length - 1];
    (parent ? parent.item.children : root).push(item);
    stack.push({ indent: f.indent, item });
  }
  return root;
}

/** `code`, **bold**, *em* / _em_; unmatched markers stay as text. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let buf = '';
  const flush = (): void => {
    if (buf) out.push({ kind: 'text', text: buf });
    buf = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      buf += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i) {
        flush();
        out.push({ kind: 'code', text: text.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    if (text.startsWith('**', i)) {
      const end = text.indexOf('**', i + 2);
      if (end > i + 2) {
        flush();
        out.push({ kind: 'strong', children: parseInline(text.slice(i + 2, end)) });
        i = end + 2;
        continue;
      }
    }
    if (c === '*' || c === '_') {
      const end = text.indexOf(c, i + 1);
      // `_` inside a word (host_name) is not emphasis.
      const wordInside = c === '_' && i > 0 && /\w/.test(text[i - 1]!);
      if (end > i + 1 && !wordInside) {
        flush();
        out.push({ kind: 'em', children: parseInline(text.slice(i + 1, end)) });
        i = end + 1;
        continue;
      }
    }
    buf += c;
    i++;
  }
  flush();
  return out;
}
