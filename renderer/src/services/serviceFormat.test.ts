import { describe, expect, it } from 'vitest';
import type { ServiceState } from '../../../shared/services';
import {
  compactNumber,
  formatChange,
  formatMs,
  formatRunning,
  keyNumber,
  serviceTone,
  stateWords,
} from './serviceFormat';

function state(over: Partial<ServiceState> = {}, metrics: Record<string, number | null> = {}): ServiceState {
  return {
    config: {
      id: 'db-1/redis',
      hostId: 'db-1',
      kind: 'redis',
      port: 6379,
      via: 'peer',
      osUser: null,
      socketDir: null,
      database: null,
      dbUser: null,
      intervalMs: 15_000,
      longQuerySec: 30,
      addedAt: 0,
    },
    status: 'ok',
    problem: null,
    message: null,
    latest: {
      serviceId: 'db-1/redis',
      ts: 1,
      pollMs: 3,
      metrics,
      labelled: [],
      sessions: [],
      advice: [],
      topQueries: [],
      notes: [],
    },
    lastOkTs: 1,
    health: { state: 'green', reasons: [] },
    ...over,
  };
}

describe('formatChange', () => {
  it('calls a faster mean good and a slower one bad', () => {
    expect(formatChange(-20, true)).toEqual({ text: '−20 %', tone: 'good' });
    expect(formatChange(5, true)).toEqual({ text: '+5.0 %', tone: 'bad' });
  });
  it('gives no verdict for calls and rows, and none without a value', () => {
    expect(formatChange(150, null)).toEqual({ text: '+150 %', tone: 'none' });
    expect(formatChange(null, true)).toEqual({ text: '—', tone: 'none' });
    expect(formatChange(Number.NaN, true)).toEqual({ text: '—', tone: 'none' });
  });
  it('says a change that rounds away as none', () => {
    expect(formatChange(0.01, true)).toEqual({ text: '±0 %', tone: 'none' });
    expect(formatChange(-100, null).text).toBe('−100 %');
  });
});

describe('keyNumber', () => {
  it('shows operations for Redis and connections used for databases', () => {
    expect(keyNumber(state({}, { 'redis.ops_ps': 1234 }))).toEqual({ label: 'ops/s', value: '1.2k' });
    const pg = state({}, { 'pg.connections_pct': 91.4 });
    pg.config = { ...pg.config, kind: 'postgres' };
    expect(keyNumber(pg)).toEqual({ label: 'connections', value: '91%' });
  });
  it('shows a dash without a reading or with a null metric', () => {
    expect(keyNumber(state({ latest: null })).value).toBe('—');
    expect(keyNumber(state({}, { 'redis.ops_ps': null })).value).toBe('—');
  });
});

describe('state in words', () => {
  it('says what failed and what to do', () => {
    const s = state({ status: 'failed', problem: 'refused', message: 'add a sudoers line' });
    expect(stateWords(s)).toBe('Access refused: add a sudoers line');
    expect(serviceTone(state({ status: 'pending' }))).toBe('waiting');
    expect(serviceTone(state({ health: { state: 'unknown', reasons: [] } }))).toBe('grey');
  });
});

describe('numbers', () => {
  it('reads as a person would', () => {
    expect(compactNumber(0.254)).toBe('0.25');
    expect(compactNumber(56_789)).toBe('57k');
    expect(formatMs(0.4213)).toBe('0.42 ms');
    expect(formatMs(3400)).toBe('3.4 s');
    expect(formatMs(null)).toBe('—');
    expect(formatRunning(45)).toBe('45 s');
    expect(formatRunning(3 * 3600 + 300)).toBe('3 h 5 min');
  });
});
