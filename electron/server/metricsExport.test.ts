import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardEntry, Sample } from '../../shared/schemas';
import { silentLogger } from '../engine';
import { assembleEngine, handleOf, type Engine } from '../engine/createEngine';
import { waitFor } from '../engine/ssh/testing/waitFor';
import { GreenboardServer } from './httpServer';
import { escapeLabelValue, METRICS_CONTENT_TYPE, renderMetrics } from './metricsExport';

const GiB = 2 ** 30;

function sampleFor(hostId: string): Sample {
  return {
    hostId,
    ts: 1_700_000_000_000,
    pollMs: 42,
    cpu: { cores: 4, busyPct: 25, iowaitPct: null, stealPct: 0.5 },
    load: [0.5, 1, 1.5],
    mem: { totalBytes: 8 * GiB, usedBytes: 2 * GiB, availableBytes: 6 * GiB },
    swap: { totalBytes: 0, usedBytes: 0 },
    disks: [
      { mount: '/', fs: 'ext4', totalBytes: 100 * GiB, usedBytes: 40 * GiB, usedPct: 40, inodesUsedPct: 3 },
      {
        mount: '/mnt/odd "dir"\\x',
        fs: 'vfat',
        totalBytes: GiB,
        usedBytes: 0,
        usedPct: 0,
        inodesUsedPct: null,
      },
    ],
    diskIo: { readBps: 1024, writeBps: null },
    net: [{ iface: 'eth0', rxBps: 1500, txBps: 300, errPs: 0 }],
    uptimeSec: 3600,
    processCount: 120,
  };
}

function entry(
  id: string,
  name: string,
  latest: Sample | null,
  state: BoardEntry['health']['state'],
): BoardEntry {
  return {
    host: { id, name, kind: 'ssh', intervalMs: 5000, tags: [] },
    health: { hostId: id, state, reasons: [], lastSampleTs: latest?.ts ?? null, since: 0 },
    latest,
    link: {
      state: latest ? 'ok' : 'connecting',
      message: '',
      since: 0,
      pendingKey: null,
      connectMs: null,
      pollMs: latest ? 12 : null,
    },
  };
}

/** `name{labels} value` lines as a map from `name{labels}` to value. */
function series(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), line.slice(at + 1));
  }
  return out;
}

describe('renderMetrics', () => {
  const board = [entry('web-1', 'web-1', sampleFor('web-1'), 'green'), entry('new', 'new', null, 'waiting')];
  const text = renderMetrics(board);
  const s = series(text);
  const web = 'host="web-1",host_id="web-1",kind="ssh"';

  it('writes HELP and TYPE once per family, gauges in base units and ratios', () => {
    expect(text).toContain('# HELP greenboard_host_memory_used_bytes ');
    expect(text).toContain('# TYPE greenboard_host_memory_used_bytes gauge');
    expect(text.match(/# TYPE greenboard_host_up gauge/g)).toHaveLength(1);
    expect(s.get(`greenboard_host_memory_total_bytes{${web}}`)).toBe(String(8 * GiB));
    expect(s.get(`greenboard_host_cpu_busy_ratio{${web}}`)).toBe('0.25');
    expect(s.get(`greenboard_host_poll_rtt_seconds{${web}}`)).toBe('0.012');
    expect(s.get(`greenboard_host_last_poll_timestamp_seconds{${web}}`)).toBe('1700000000');
    expect(s.get(`greenboard_host_load15{${web}}`)).toBe('1.5');
    expect(s.get(`greenboard_host_filesystem_used_ratio{${web},mount="/",fstype="ext4"}`)).toBe('0.4');
    expect(s.get(`greenboard_host_network_receive_bytes_per_second{${web},interface="eth0"}`)).toBe('1500');
    expect(s.get(`greenboard_host_up{${web}}`)).toBe('1');
    // Null rates (first poll, no inode limit) are left out rather than written as 0.
    expect(s.has(`greenboard_host_cpu_iowait_ratio{${web}}`)).toBe(false);
    expect(s.has(`greenboard_host_disk_write_bytes_per_second{${web}}`)).toBe(false);
    expect([...s.keys()].filter((k) => k.startsWith('greenboard_host_filesystem_inodes'))).toHaveLength(1);
  });

  it('exports only health and up for a host without a sample', () => {
    const keys = [...s.keys()].filter((k) => k.includes('host_id="new"'));
    expect(keys.every((k) => /^greenboard_host_(up|health)\{/.test(k))).toBe(true);
    expect(s.get('greenboard_host_up{host="new",host_id="new",kind="ssh"}')).toBe('0');
    expect(s.get('greenboard_host_health{host="new",host_id="new",kind="ssh",state="waiting"}')).toBe('1');
  });

  it('marks exactly one health state per host', () => {
    const on = [...s.entries()].filter(
      ([k, v]) => k.startsWith(`greenboard_host_health{${web}`) && v === '1',
    );
    expect(on).toEqual([[`greenboard_host_health{${web},state="green"}`, '1']]);
    expect([...s.keys()].filter((k) => k.startsWith(`greenboard_host_health{${web}`))).toHaveLength(5);
  });

  it('escapes backslash, double quote and newline in label values', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    expect(text).toContain('mount="/mnt/odd \\"dir\\"\\\\x",fstype="vfat"');
    expect(text.split('\n').every((l) => l === '' || l.startsWith('#') || /^\w+\{.*\} \S+$/.test(l))).toBe(
      true,
    );
  });

  it('writes nothing for an empty board', () => {
    expect(renderMetrics([])).toBe('');
  });
});

// A real engine polling this machine, behind the real server on a loopback port.
describe('GET /metrics', () => {
  let dir: string;
  let engine: Engine;
  let server: GreenboardServer;
  let base: string;
  const token = 'server-token-0123456789';
  const scrapeToken = 'scrape-token-abcdefghijkl';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gb-metrics-'));
    engine = assembleEngine({ dataDir: dir, mode: 'headless', localIntervalMs: 250, logger: silentLogger });
    server = new GreenboardServer(handleOf(engine), {
      host: '127.0.0.1',
      port: 0,
      token,
      uiDir: join(dir, 'no-ui'),
    });
    await server.listen();
    base = `http://127.0.0.1:${server.port}`;
    engine.start();
    await waitFor(() => engine.hosts.board()[0]?.latest, 'first local sample');
  });

  afterAll(async () => {
    await server.close();
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const scrape = (headers: Record<string, string> = {}) => fetch(`${base}/metrics`, { headers });

  it('answers 401 with WWW-Authenticate and says which token to send when none is given', async () => {
    const res = await scrape();
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(await res.text()).toMatch(/Authorization: Bearer TOKEN.*metrics\.scrapeToken/);
  });

  it('answers 403 to a wrong token', async () => {
    const res = await scrape({ authorization: 'Bearer not-the-token' });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/^Wrong token\./);
  });

  it('serves the text format to the server token', async () => {
    const res = await scrape({ authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(METRICS_CONTENT_TYPE);
    const body = await res.text();
    // The local host is named after this machine; its id is always "local".
    expect(body).toMatch(/^greenboard_host_up\{host="[^"]+",host_id="local",kind="local"\} 1$/m);
    expect(body).toMatch(
      /^greenboard_host_memory_total_bytes\{host="[^"]+",host_id="local",kind="local"\} \d+$/m,
    );
  });

  it('accepts the scrape token once set in settings, and not before', async () => {
    expect((await scrape({ authorization: `Bearer ${scrapeToken}` })).status).toBe(403);
    engine.settingsService.update({ metrics: { scrapeToken } });
    const res = await scrape({ authorization: `Bearer ${scrapeToken}` });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('# TYPE greenboard_host_health gauge');
    // The server token still works alongside it.
    expect((await scrape({ authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('gzips when asked, as Prometheus asks', async () => {
    // fetch would decompress on its own; read the raw bytes through node:http instead.
    const { request } = await import('node:http');
    const raw = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      const req = request(
        `${base}/metrics`,
        { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }),
          );
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(raw.encoding).toBe('gzip');
    expect(gunzipSync(raw.body).toString('utf8')).toContain('# TYPE greenboard_host_up gauge');
  });

  it('refuses methods other than GET', async () => {
    const res = await fetch(`${base}/metrics`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(405);
  });
});
