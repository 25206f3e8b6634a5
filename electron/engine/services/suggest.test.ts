import { describe, expect, it } from 'vitest';
import { parseLook, suggestionsOf } from './suggest';

/** Recorded from `ss -Hltn` and `ps -eo comm=` on a Debian 12 host running PostgreSQL and Redis. */
const RECORDED = `LISTEN 0      244        127.0.0.1:5432       0.0.0.0:*
LISTEN 0      511        127.0.0.1:6391       0.0.0.0:*
LISTEN 0      128          0.0.0.0:22         0.0.0.0:*
LISTEN 0      244            [::1]:5432          [::]:*
@@ps
systemd
sshd
postgres
postgres
redis-server
`;

describe('service suggestions', () => {
  it("names what a host runs, with its evidence and its kind's default way in, less what is already added", () => {
    const look = parseLook(RECORDED);
    expect([...look.ports].sort((a, b) => a - b)).toEqual([22, 5432, 6391]);
    expect(suggestionsOf('db-1', look, new Set())).toEqual([
      {
        hostId: 'db-1',
        kind: 'postgres',
        port: 5432,
        via: 'peer',
        evidence: 'a postgres process runs and port 5432 is listening',
      },
      {
        hostId: 'db-1',
        kind: 'redis',
        port: 6379,
        via: 'tunnel',
        evidence: 'a redis-server process runs, but not on port 6379: give its port',
      },
    ]);
    expect(suggestionsOf('db-1', look, new Set(['postgres:5432'])).map((s) => s.kind)).toEqual(['redis']);
  });

  it('reads garbage as nothing found', () => {
    expect(suggestionsOf('h', parseLook('\u0000garbage\n:::::\nLISTEN x y z:99999\n'), new Set())).toEqual(
      [],
    );
  });
});
