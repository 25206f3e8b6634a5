/**
 * Geometry of the virtualized board: how many cards fit in a row, which rows and section
 * headers make up the board, where each one starts, and which ones overlap the viewport.
 * Pure, so the arithmetic is unit-tested without a browser.
 */

/** The narrowest a card gets before a row holds one card fewer. */
export const CARD_MIN_WIDTH = 300;
/** Space between cards, across and down (the row's bottom padding). */
export const GRID_GAP = 16;

export function columnsFor(width: number, minWidth = CARD_MIN_WIDTH, gap = GRID_GAP): number {
  if (!(width > 0)) return 1;
  return Math.max(1, Math.floor((width + gap) / (minWidth + gap)));
}

export type GridItem =
  | { kind: 'header'; key: string; section: number }
  | {
      kind: 'row';
      key: string;
      section: number;
      /** index in its section of the row's first card */ first: number;
      ids: readonly string[];
    };

export interface GridModel {
  items: GridItem[];
  /** Per section, the index in `items` of its first row. */
  firstRow: number[];
  /** Cards per section. */
  sizes: number[];
}

/**
 * Rows of `columns` cards, section after section, each section led by a header item when
 * `headers`. Row keys are positions ("section#row"), so a measured height stays with the
 * place on the board when cards re-sort.
 */
export function buildGrid(
  sections: readonly { key: string; ids: readonly string[] }[],
  columns: number,
  headers: boolean,
): GridModel {
  const items: GridItem[] = [];
  const firstRow: number[] = [];
  const sizes: number[] = [];
  sections.forEach((s, section) => {
    if (headers) items.push({ kind: 'header', key: `${s.key}#h`, section });
    firstRow.push(items.length);
    sizes.push(s.ids.length);
    for (let first = 0; first < s.ids.length; first += columns) {
      const ids = s.ids.slice(first, first + columns);
      items.push({ kind: 'row', key: `${s.key}#${first / columns}`, section, first, ids });
    }
  });
  return { items, firstRow, sizes };
}

/** The item holding card `index` of `section`. */
export function rowItemOf(model: GridModel, section: number, index: number, columns: number): number {
  return (model.firstRow[section] ?? 0) + Math.floor(index / columns);
}

/** `tops[i]` is where item i starts; `tops[items.length]` is the total height. */
export function offsetsOf(items: readonly GridItem[], heightOf: (item: GridItem) => number): number[] {
  const tops = new Array<number>(items.length + 1);
  let y = 0;
  items.forEach((item, i) => {
    tops[i] = y;
    y += heightOf(item);
  });
  tops[items.length] = y;
  return tops;
}

/** The items overlapping [from, to), as [start, end). */
export function rangeIn(tops: readonly number[], from: number, to: number): [number, number] {
  const n = tops.length - 1;
  // First item whose bottom is below `from`.
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((tops[mid + 1] ?? 0) > from) hi = mid;
    else lo = mid + 1;
  }
  const start = lo;
  // First item starting at or after `to`.
  hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((tops[mid] ?? 0) >= to) hi = mid;
    else lo = mid + 1;
  }
  return [start, Math.max(start, lo)];
}
