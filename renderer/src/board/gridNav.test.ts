import { describe, expect, it } from 'vitest';
import { isNavKey, moveCell, type Cell } from './gridNav';

const at = (section: number, index: number): Cell => ({ section, index });

describe('moveCell in one section of 10 cards, 4 per row', () => {
  const sizes = [10]; // rows: 0-3, 4-7, 8-9

  it('moves left and right in reading order, stopping at the ends', () => {
    expect(moveCell(sizes, 4, at(0, 3), 'ArrowRight')).toEqual(at(0, 4));
    expect(moveCell(sizes, 4, at(0, 4), 'ArrowLeft')).toEqual(at(0, 3));
    expect(moveCell(sizes, 4, at(0, 0), 'ArrowLeft')).toEqual(at(0, 0));
    expect(moveCell(sizes, 4, at(0, 9), 'ArrowRight')).toEqual(at(0, 9));
  });

  it('moves up and down a column', () => {
    expect(moveCell(sizes, 4, at(0, 1), 'ArrowDown')).toEqual(at(0, 5));
    expect(moveCell(sizes, 4, at(0, 5), 'ArrowUp')).toEqual(at(0, 1));
    expect(moveCell(sizes, 4, at(0, 1), 'ArrowUp')).toEqual(at(0, 1));
  });

  it('goes to the last card when the next row is shorter than the column', () => {
    expect(moveCell(sizes, 4, at(0, 7), 'ArrowDown')).toEqual(at(0, 9));
    expect(moveCell(sizes, 4, at(0, 9), 'ArrowDown')).toEqual(at(0, 9));
  });

  it('jumps with Home, End and the page keys', () => {
    expect(moveCell(sizes, 4, at(0, 6), 'Home')).toEqual(at(0, 0));
    expect(moveCell(sizes, 4, at(0, 2), 'End')).toEqual(at(0, 9));
    expect(moveCell(sizes, 4, at(0, 1), 'PageDown', 2)).toEqual(at(0, 9));
    expect(moveCell(sizes, 4, at(0, 9), 'PageUp', 2)).toEqual(at(0, 1));
  });

  it('clamps a stale cell (the board shrank) before moving', () => {
    expect(moveCell(sizes, 4, at(3, 40), 'ArrowLeft')).toEqual(at(0, 8));
  });
});

describe('moveCell across sections', () => {
  const sizes = [6, 2, 5]; // 4 per row: [0-3, 4-5], [0-1], [0-3, 4]

  it('steps down into the next section keeping the column where it can', () => {
    expect(moveCell(sizes, 4, at(0, 5), 'ArrowDown')).toEqual(at(1, 1));
    expect(moveCell(sizes, 4, at(0, 4), 'ArrowDown')).toEqual(at(1, 0));
    expect(moveCell(sizes, 4, at(1, 1), 'ArrowDown')).toEqual(at(2, 1));
  });

  it('steps up into the previous section’s last row', () => {
    expect(moveCell(sizes, 4, at(2, 3), 'ArrowUp')).toEqual(at(1, 1));
    expect(moveCell(sizes, 4, at(1, 0), 'ArrowUp')).toEqual(at(0, 4));
    expect(moveCell(sizes, 4, at(1, 1), 'ArrowUp')).toEqual(at(0, 5));
  });

  it('runs left and right through section ends', () => {
    expect(moveCell(sizes, 4, at(0, 5), 'ArrowRight')).toEqual(at(1, 0));
    expect(moveCell(sizes, 4, at(2, 0), 'ArrowLeft')).toEqual(at(1, 1));
  });

  it('goes to the very first and last card with Home and End', () => {
    expect(moveCell(sizes, 4, at(1, 1), 'Home')).toEqual(at(0, 0));
    expect(moveCell(sizes, 4, at(0, 1), 'End')).toEqual(at(2, 4));
  });
});

describe('isNavKey', () => {
  it('knows the keys the grid handles', () => {
    expect(isNavKey('ArrowDown')).toBe(true);
    expect(isNavKey('Enter')).toBe(false);
    expect(isNavKey('a')).toBe(false);
  });
});

it('stays put on an empty board', () => {
  expect(moveCell([], 4, at(0, 0), 'ArrowDown')).toEqual(at(0, 0));
});
