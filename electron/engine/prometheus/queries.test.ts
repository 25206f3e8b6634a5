import { describe, expect, it } from 'vitest';
import { BOARD_FAMILIES, boardQueries, rangeExpr } from './queries';
import { parseSelector, promString } from './selector';
import { rangeStepSec } from './promSource';

describe('parseSelector', () => {
  it('normalizes matchers to double-quoted PromQL', () => {
    const r = parseSelector(` job = "node" , env=~'prod|stage',dc!=\`eu-1\` `);
    expect(r).toEqual({
      ok: true,
      matchers: [
        { name: 'job', op: '=', value: 'node' },
        { name: 'env', op: '=~', value: 'prod|stage' },
        { name: 'dc', op: '!=', value: 'eu-1' },
      ],
      text: 'job="node",env=~"prod|stage",dc!="eu-1"',
    });
  });

  it('accepts braces around the matchers', () => {
    expect(parseSelector('{job="node"}')).toMatchObject({ ok: true, text: 'job="node"' });
  });

  it('keeps escaped quotes and backslashes escaped', () => {
    const r = parseSelector(String.raw`path=~"C:\\\\data\"x", job="node"`);
    expect(r).toMatchObject({ ok: true, text: String.raw`path=~"C:\\\\data\"x",job="node"` });
    if (r.ok) expect(r.matchers[0]?.value).toBe(String.raw`C:\\data"x`);
  });

  it('refuses a selector that would break out of the braces', () => {
    const r = parseSelector('job="node"} or vector(1) or up{job="x"');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/expected "," .*Settings → Data sources/);
  });

  it.each([
    ['', /empty/],
    ['job', /expected =, !=, =~ or !~/],
    ['job=node', /expected a quoted value/],
    ['job="node', /expected a quoted value/],
    ['1job="node"', /expected a label name/],
    ['job=~".*"', /non-empty value/],
    ['job!="x"', /non-empty value/],
  ])('refuses %j with a reason', (raw, why) => {
    const r = parseSelector(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(why);
  });
});

describe('promString', () => {
  it('escapes backslash, quote and newline', () => {
    expect(promString('a\\b"c\nd')).toBe(String.raw`"a\\b\"c\nd"`);
  });
});

describe('boardQueries', () => {
  const q = boardQueries('job="node",env=~"prod.*"');

  it('has one query per family, six in all', () => {
    expect(Object.keys(q)).toEqual([...BOARD_FAMILIES]);
    expect(BOARD_FAMILIES).toHaveLength(6);
  });

  it('puts the selector in every series selector of every query', () => {
    for (const expr of Object.values(q)) {
      const selectors = expr.match(/\{[^}]*\}/g) ?? [];
      expect(selectors.length).toBeGreaterThan(0);
      for (const s of selectors) expect(s).toMatch(/job="node",env=~"prod\.\*"\}$/);
    }
    expect(q.up).toBe('up{job="node",env=~"prod.*"}');
  });

  it('aggregates by instance (and mountpoint or device) so any number of targets fits one query', () => {
    expect(q.cpu).toContain(
      'label_replace(avg by (instance, mode) (rate(node_cpu_seconds_total{mode=~"idle|iowait|steal",job="node",env=~"prod.*"}[1m])) * 100, "metric", "cpu_$1", "mode", "(.+)")',
    );
    expect(q.system).toBe(
      'max by (__name__, instance) ({__name__=~"node_load1|node_load5|node_load15|node_memory_MemTotal_bytes|node_memory_MemAvailable_bytes|node_memory_SwapTotal_bytes|node_memory_SwapFree_bytes|node_boot_time_seconds|node_processes_pids",job="node",env=~"prod.*"})',
    );
    expect(q.filesystem).toMatch(
      /^max by \(__name__, instance, mountpoint, fstype\) \(\{__name__=~"node_filesystem_size_bytes\|.*",fstype!~"tmpfs\|.*",job="node",env=~"prod\.\*"\}\)$/,
    );
    expect(q.diskio).toContain('sum by (instance, device) (rate(node_disk_read_bytes_total{device=~"');
    expect(q.network).toContain('device!="lo"');
    expect(q.network).toContain(
      'sum by (instance, device) (rate(node_network_receive_errs_total{device!="lo",job="node",env=~"prod.*"}[1m]) + rate(node_network_receive_drop_total{device!="lo",job="node",env=~"prod.*"}[1m]) +',
    );
    // Rate families name their parts, since rate() drops the metric name.
    for (const f of ['cpu', 'diskio', 'network'] as const) {
      expect(q[f].split(' or ').every((part) => part.startsWith('label_replace('))).toBe(true);
    }
  });

  it('uses the rate window it is given', () => {
    expect(boardQueries('job="node"', { rateWindow: '2m' }).cpu).toContain('[2m]');
  });
});

describe('rangeExpr', () => {
  it('scopes to one instance with its name escaped', () => {
    const r = rangeExpr('cpu.busy_pct', 'job="node"', 'we"ird\\host:9100', '60s');
    expect(r?.expr).toBe(
      String.raw`(1 - avg(rate(node_cpu_seconds_total{mode="idle",job="node",instance="we\"ird\\host:9100"}[60s]))) * 100`,
    );
    expect(r?.splitBy).toBeNull();
  });

  it('splits disks by mount and network by interface', () => {
    expect(rangeExpr('disk.used_pct', 'job="node"', 'a', '60s')?.splitBy).toBe('mountpoint');
    expect(rangeExpr('net.rx_bps', 'job="node"', 'a', '60s')?.splitBy).toBe('device');
  });

  it('has nothing for metrics only Greenboard measures', () => {
    expect(rangeExpr('host.poll_ms', 'job="node"', 'a', '60s')).toBeNull();
  });
});

describe('rangeStepSec', () => {
  it('is ceil(range / maxPoints) seconds, at least 1', () => {
    expect(rangeStepSec(0, 3_600_000, 100)).toBe(36);
    expect(rangeStepSec(0, 3_600_000, 7)).toBe(515);
    expect(rangeStepSec(0, 10_000, 1000)).toBe(1);
    expect(rangeStepSec(5000, 0, 10)).toBe(1);
  });
});
