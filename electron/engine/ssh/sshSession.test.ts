import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMeminfo } from '../procfs/parse';
import type { RunOutput } from '../collectors/types';
import { SshSession } from './sshSession';
import { startSshd, type StartSshdOptions, type TestSshd } from './testing/sshd';
import { benchUser } from './testing/testUser';

// Real OpenSSH sshd processes on 127.0.0.1.
const servers: TestSshd[] = [];
const sessions: SshSession[] = [];
afterEach(async () => {
  sessions.splice(0).forEach((s) => s.close());
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function open(opts: StartSshdOptions = {}, user?: string): Promise<SshSession> {
  const s = await startSshd(opts);
  servers.push(s);
  const session = await SshSession.open(
    { user: user ?? s.user, host: s.host, port: s.port },
    {
      hostKeys: { check: () => ({ status: 'trusted' }) },
      credentials: () => ({ privateKeys: [{ path: s.clientKeyPath, key: readFileSync(s.clientKeyPath) }] }),
      timeoutMs: 10_000,
    },
  );
  sessions.push(session);
  return session;
}

async function pollsLikeThisMachine(session: SshSession): Promise<void> {
  const memTotal = parseMeminfo(readFileSync('/proc/meminfo', 'latin1')).totalBytes;
  for (let i = 0; i < 3; i++) {
    const { poll, pollMs } = await session.poll(10_000);
    expect(parseMeminfo(poll.texts.meminfo).totalBytes).toBe(memTotal);
    expect(poll.processCount).toBeGreaterThan(0); // sshd has its own PID namespace here
    expect(pollMs).toBeGreaterThan(0);
  }
}

describe('SshSession against a real sshd', () => {
  it('polls as a bash login user with the distribution rc files, which run once per session', async () => {
    await pollsLikeThisMachine(await open({}, benchUser()));
  }, 30_000);

  it('drops what the login prints before the shell starts, with or without a final newline', async () => {
    // ForceCommand stands in for chatty rc files: sshd runs it through the login shell too.
    const chatty = `printf 'Welcome to db-1\\n@@GB:BEGIN p1\\nLast login: never'; exec sh`;
    await pollsLikeThisMachine(await open({ extraConfig: `ForceCommand ${chatty}` }));
  }, 30_000);

  it('finds the end marker however the reply is split into packets', async () => {
    // The shell's output is copied a line per write(2), so the reply crosses in many packets.
    const slow = `sh | while IFS= read -r o; do printf '%s\\n' "$o"; done`;
    await pollsLikeThisMachine(await open({ extraConfig: `ForceCommand ${slow}` }));
  }, 30_000);

  it('gives every quick command its exit status, even when it all arrives in one read', async () => {
    // A command this short often answers (output, exit status, close) in the same read as the
    // channel's confirmation; an exit status read after an await was then lost as "killed".
    const session = await open({}, benchUser());
    const runs: RunOutput[] = [];
    // In rounds of 8: sshd allows 10 sessions per connection, and the poll shell is one.
    for (let round = 0; round < 5; round++)
      runs.push(
        ...(await Promise.all(
          Array.from({ length: 8 }, (_, k) => {
            const i = round * 8 + k;
            return session.exec(`printf ${i}; exit ${i % 4}`, 10_000);
          }),
        )),
      );
    expect(runs.map((r) => r.exitCode)).toEqual(runs.map((_, i) => i % 4));
    expect(runs.map((r) => r.stdout)).toEqual(runs.map((_, i) => String(i)));
  }, 30_000);
});
