import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { frameBatch } from './frameBatch';

let frames: (() => void)[] = [];

beforeEach(() => {
  vi.useFakeTimers();
  frames = [];
  vi.stubGlobal('requestAnimationFrame', (fn: () => void) => frames.push(fn));
  vi.stubGlobal('cancelAnimationFrame', (id: number) => {
    frames[id - 1] = () => {};
  });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const runFrame = (): void => {
  const due = frames;
  frames = [];
  for (const f of due) f();
};

it('hands over everything pushed between frames at the next frame, once', () => {
  const got: number[][] = [];
  const batch = frameBatch<number>((items) => got.push(items));
  batch.push(1);
  batch.push(2);
  batch.push(3);
  expect(got).toEqual([]);
  runFrame();
  expect(got).toEqual([[1, 2, 3]]);
  vi.advanceTimersByTime(1000);
  expect(got).toHaveLength(1);
});

it('falls back to a timer when no frame comes (a hidden window)', () => {
  const got: number[][] = [];
  const batch = frameBatch<number>((items) => got.push(items));
  batch.push(1);
  vi.advanceTimersByTime(500);
  expect(got).toEqual([[1]]);
  runFrame();
  expect(got).toHaveLength(1);
});

it('flushes on demand and drops what is queued when disposed', () => {
  const got: number[][] = [];
  const batch = frameBatch<number>((items) => got.push(items));
  batch.push(1);
  batch.flush();
  expect(got).toEqual([[1]]);
  batch.push(2);
  batch.dispose();
  runFrame();
  vi.advanceTimersByTime(1000);
  expect(got).toEqual([[1]]);
});
