import { describe, expect, it } from 'vitest';
import { LOCAL_HOST_ID } from '../../../shared/hosts';
import { runLocal } from '../diagnostics/runLocal';
import { serviceConfigOf } from './serviceDefaults';
import { pollService } from './servicePoll';
import type { ServiceDriver } from './types';

describe('pollService', () => {
  it('says a client that outlives its deadline timed out, from the runner, not from its words', async () => {
    const hangs: ServiceDriver<unknown> = {
      kind: 'redis',
      command: () => ['sleep', '30'],
      parse: () => ({}),
      derive: () => {
        throw new Error('not reached');
      },
    };
    const cfg = {
      ...serviceConfigOf({ hostId: LOCAL_HOST_ID, kind: 'redis', via: 'peer' }, 0),
      intervalMs: 3_000,
    };
    const r = await pollService(hangs, cfg, { exec: runLocal }, null, { textsFor: [] }, Date.now);
    expect(r).toMatchObject({ ok: false, problem: 'timeout' });
  });
});
