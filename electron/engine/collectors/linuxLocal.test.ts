import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDiskstats } from '../procfs/parse';
import { LinuxLocalCollector } from './linuxLocal';

// This machine's real /proc and statfs(2), against df(1) run beside it.
describe.runIf(process.platform === 'linux')('LinuxLocalCollector on this machine', () => {
  it('reports inode use per mount as df -i does, disk busy and network errors', async () => {
    const c = new LinuxLocalCollector('local', () => Date.now());
    await c.prime();
    await new Promise((r) => setTimeout(r, 300));
    const s = await c.collect();

    const root = s.disks.find((d) => d.mount === '/');
    // df -P -i: Filesystem Inodes IUsed IFree IUse% Mounted-on.
    const row = execFileSync('df', ['-P', '-i', '/'], { encoding: 'utf8' }).trim().split('\n')[1] ?? '';
    const [, total, used, free] = row.split(/\s+/).map(Number);
    if (total && used !== undefined && free !== undefined) {
      // Files come and go between the two reads: agree to a tenth of a percent.
      expect(root?.inodesUsedPct).toBeCloseTo((used / (used + free)) * 100, 1);
    } else {
      expect(root?.inodesUsedPct).toBeNull();
    }

    const disks = parseDiskstats(readFileSync('/proc/diskstats', 'latin1')).ioMs.size;
    if (disks > 0) {
      expect(s.diskIo.busyPct).toBeGreaterThanOrEqual(0);
      expect(s.diskIo.busyPct).toBeLessThanOrEqual(100);
    } else {
      expect(s.diskIo.busyPct).toBeNull();
    }
    for (const n of s.net) expect(n.errPs).toBeGreaterThanOrEqual(0);
    await c.close();
  });
});
