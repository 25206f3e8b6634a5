import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LinuxLocalCollector } from '../collectors/linuxLocal';
import { earlyBaseline, type EarlyReading } from './readProc';
import type { ProcTexts } from './snapshot';

// /proc/stat's aggregate line: user nice system idle iowait irq softirq steal (USER_HZ ticks).
function texts(user: number, idle: number, uptime: number): ProcTexts {
  return {
    stat: `cpu  ${user} 0 0 ${idle} 0 0 0 0\ncpu0 ${user} 0 0 ${idle} 0 0 0 0\n`,
    meminfo: 'MemTotal: 1000 kB\nMemFree: 500 kB\nMemAvailable: 600 kB\n',
    loadavg: '0.10 0.20 0.30 1/100 4242\n',
    diskstats: '',
    netdev: 'Inter-|\n face |\n',
    uptime: `${uptime} 0\n`,
  };
}

function procDir(t: ProcTexts): string {
  const dir = mkdtempSync(join(tmpdir(), 'gb-proc-'));
  mkdirSync(join(dir, 'net'));
  mkdirSync(join(dir, 'self'));
  writeFileSync(join(dir, 'stat'), t.stat);
  writeFileSync(join(dir, 'meminfo'), t.meminfo);
  writeFileSync(join(dir, 'loadavg'), t.loadavg);
  writeFileSync(join(dir, 'diskstats'), t.diskstats);
  writeFileSync(join(dir, 'net/dev'), t.netdev);
  writeFileSync(join(dir, 'uptime'), t.uptime);
  writeFileSync(join(dir, 'self/mounts'), '');
  return dir;
}

describe('a baseline read before the engine loaded (greenboard status)', () => {
  const early: EarlyReading = {
    at: 1_000,
    texts: texts(1_000, 9_000, 100),
    selfCpu: { user: 2_000_000, system: 500_000 },
  };

  it("counts this process's own CPU time since the reading as idle, not as the machine's load", () => {
    // 0.3 s user and 0.1 s system since the reading: 40 ticks.
    const b = earlyBaseline(early, { user: 2_300_000, system: 600_000 });
    expect(b.cpu.idle).toBe(9_000 - 40);
    expect(b.cpu.user).toBe(1_000 + 30);
    expect(b.cpu.system).toBe(10);
    expect(b.cpu.total).toBe(10_000); // moved, not added
    expect(b.at).toBe(1_000);
  });

  it('is the collector’s first baseline, used once: the sample after it has its rates over the whole window', async () => {
    // 0.5 s later the machine ran 50 more busy ticks (of 100 on one core): this process's own
    // CPU since the early reading is what process.cpuUsage() adds, so busy stays at most 50 %.
    const dir = procDir(texts(1_050, 9_050, 100.5));
    let now = 1_500;
    const c = new LinuxLocalCollector('local', () => now, dir, { ...early, selfCpu: process.cpuUsage() });
    await c.prime();
    const s = await c.collect();
    // The 50 busy ticks, less the few this test's own code spent between its reading and prime.
    expect(s.cpu.busyPct).toBeLessThanOrEqual(50);
    expect(s.cpu.busyPct).toBeGreaterThan(30);
    // A later prime reads /proc again (the early reading is spent).
    now = 2_000;
    await c.prime();
    const again = await c.collect();
    expect(again.cpu.busyPct).toBeNull(); // the same counters twice: no ticks, no rate
  });
});
