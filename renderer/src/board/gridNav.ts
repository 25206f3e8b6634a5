/** Arrow-key movement across the board's grid of cards, section by section. Pure. */

export interface Cell {
  section: number;
  /** Card index within the section. */
  index: number;
}

const NAV_KEYS = [
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
  'PageUp',
  'PageDown',
] as const;
export type NavKey = (typeof NAV_KEYS)[number];

export function isNavKey(key: string): key is NavKey {
  return (NAV_KEYS as readonly string[]).includes(key);
}

/**
 * The cell a key moves to. Left and right run through the cards in reading order (across row
 * and section ends); up and down keep the column, stepping into the neighbouring section's
 * nearest row at its edges; Home and End go to the first and last card; PageUp and PageDown
 * move `pageRows` rows. `sizes` are the cards per section, all non-zero. At an edge, it stays.
 */
export function moveCell(
  sizes: readonly number[],
  columns: number,
  from: Cell,
  key: NavKey,
  pageRows = 1,
): Cell {
  const last = sizes.length - 1;
  if (last < 0) return from;
  const size = (s: number): number => sizes[s] ?? 0;
  const cols = Math.max(1, columns);
  const cell: Cell = {
    section: Math.min(Math.max(0, from.section), last),
    index: 0,
  };
  cell.index = Math.min(Math.max(0, from.index), size(cell.section) - 1);

  const down = (c: Cell): Cell => {
    const next = c.index + cols;
    const lastRowStart = Math.floor((size(c.section) - 1) / cols) * cols;
    if (next < size(c.section)) return { section: c.section, index: next };
    if (c.index < lastRowStart) return { section: c.section, index: size(c.section) - 1 };
    if (c.section === last) return c;
    return { section: c.section + 1, index: Math.min(c.index % cols, size(c.section + 1) - 1) };
  };
  const up = (c: Cell): Cell => {
    if (c.index - cols >= 0) return { section: c.section, index: c.index - cols };
    if (c.section === 0) return c;
    const s = c.section - 1;
    const lastRowStart = Math.floor((size(s) - 1) / cols) * cols;
    return { section: s, index: Math.min(lastRowStart + (c.index % cols), size(s) - 1) };
  };
  const repeat = (step: (c: Cell) => Cell, times: number): Cell => {
    let c = cell;
    for (let i = 0; i < Math.max(1, times); i++) c = step(c);
    return c;
  };

  switch (key) {
    case 'ArrowRight':
      if (cell.index + 1 < size(cell.section)) return { section: cell.section, index: cell.index + 1 };
      return cell.section < last ? { section: cell.section + 1, index: 0 } : cell;
    case 'ArrowLeft':
      if (cell.index > 0) return { section: cell.section, index: cell.index - 1 };
      return cell.section > 0 ? { section: cell.section - 1, index: size(cell.section - 1) - 1 } : cell;
    case 'ArrowDown':
      return down(cell);
    case 'ArrowUp':
      return up(cell);
    case 'PageDown':
      return repeat(down, pageRows);
    case 'PageUp':
      return repeat(up, pageRows);
    case 'Home':
      return { section: 0, index: 0 };
    case 'End':
      return { section: last, index: size(last) - 1 };
  }
}
