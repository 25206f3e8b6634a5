import { describe, expect, it } from 'vitest';
import { coalescedLoad } from './coalescedLoad';

describe('coalescedLoad', () => {
  it('runs one load at a time, and once more for any call or change during it', async () => {
    let runs = 0;
    let release: () => void = () => undefined;
    const loader = coalescedLoad(async () => {
      runs++;
      await new Promise<void>((r) => (release = r));
      return true;
    });
    const first = loader.run();
    void loader.run(); // during the load: asks for one more, runs nothing now
    loader.changed();
    expect(runs).toBe(1);
    release();
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(runs).toBe(2);
    release();
    await first;
    expect(runs).toBe(2);
    loader.changed(); // nothing in flight: no load
    expect(runs).toBe(2);
  });

  it('stops when a load says so', async () => {
    let runs = 0;
    const loader = coalescedLoad(() => {
      runs++;
      loader.changed();
      return Promise.resolve(false);
    });
    await loader.run();
    expect(runs).toBe(1);
  });
});
