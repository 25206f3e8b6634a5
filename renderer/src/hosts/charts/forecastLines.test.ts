import { describe, expect, it } from 'vitest';
import type { Forecast } from '../../../../shared/forecasts';
import { etaShort, forecastLines, forecastNotes, withForecastRoom } from './forecastLines';
import { hostChartDefs } from './hostCharts';

const DAY = 86_400_000;
const defs = hostChartDefs({ ssh: true, mounts: ['/', '/var'], inodeMounts: ['/', '/var'], ifaces: [] });
const disk = defs.find((d) => d.id === 'disk')!;
const inodes = defs.find((d) => d.id === 'inodes')!;
const cpu = defs.find((d) => d.id === 'cpu')!;

function forecast(over: Partial<Forecast>): Forecast {
  return {
    id: 'disk:/var',
    kind: 'disk',
    mount: '/var',
    status: 'filling',
    state: 'amber',
    unit: 'bytes',
    level: 80,
    limit: 100,
    slopePerDay: 5,
    slopeLowPerDay: 4,
    slopeHighPerDay: 6,
    etaTs: 4 * DAY,
    etaLowTs: 3 * DAY,
    etaHighTs: 5 * DAY,
    confidence: 'high',
    fromTs: -3 * DAY,
    points: 84,
    text: '/var full in about 4 days (3–5)',
    line: { fromTs: 0, fromValue: 80, toTs: 4 * DAY, toValue: 100 },
    ...over,
  };
}

describe('forecast lines on the host charts', () => {
  it('draws a filling disk in its mount’s colour on the disk chart only', () => {
    const all = [
      forecast({}),
      forecast({ id: 'disk:/', mount: '/', status: 'not_filling', line: null, text: '/ not filling' }),
      forecast({ id: 'inodes:/var', kind: 'inodes', text: '/var inodes run out in about 4 days (3–5)' }),
    ];
    const lines = forecastLines(disk, all);
    expect(lines).toEqual([
      expect.objectContaining({ color: disk.lines[1]!.color, label: '/var full ~4 d', toValue: 100 }),
    ]);
    expect(forecastNotes(disk, all)).toEqual(['/var full in about 4 days (3–5)']);
    expect(forecastLines(inodes, all)).toHaveLength(1);
    expect(forecastLines(cpu, all)).toEqual([]);
  });

  it('leaves out a mount the chart has no line for, and a forecast without a line', () => {
    expect(forecastLines(disk, [forecast({ mount: '/gone', id: 'disk:/gone' })])).toEqual([]);
    expect(forecastLines(disk, [forecast({ status: 'needs_history', line: null })])).toEqual([]);
  });

  it('gives the chart room to the right of now only when it draws a line', () => {
    const span = { from: 0, to: 3 * DAY };
    expect(withForecastRoom(span, [])).toBe(span);
    expect(withForecastRoom(span, forecastLines(disk, [forecast({})]))).toEqual({ from: 0, to: 4 * DAY });
  });

  it('says the ETA in hours under two days', () => {
    expect(etaShort(7 * 3_600_000)).toBe('full ~7 h');
    expect(etaShort(11 * DAY)).toBe('full ~11 d');
  });
});
