import { describe, expect, it } from 'vitest';
import type { PrometheusSource } from '../../../shared/prometheus';
import {
  dataSourceErrorsFromIssues,
  DataSourcesFormSchema,
  emptySourceDraft,
  secretEnvName,
  toDataSourcesDraft,
  type DataSourcesDraft,
} from './dataSourceDraft';
import { parseAtPaths } from '../ui/formSchema';

/** The form schema's verdict as the settings dialog reads it: sources, or errors by field path. */
function fromDataSourcesDraft(d: DataSourcesDraft) {
  const r = parseAtPaths(DataSourcesFormSchema, d, 'prometheus');
  return r.ok ? { sources: r.data, errors: {} } : { sources: [], errors: r.errors };
}

const SOURCE: PrometheusSource = {
  id: 'prom-main',
  url: 'http://127.0.0.1:9090',
  selector: 'job="node"',
  auth: { kind: 'basic', username: 'greenboard' },
  refreshMs: 2000,
};

describe('DataSourcesFormSchema', () => {
  it('round-trips sources', () => {
    expect(fromDataSourcesDraft(toDataSourcesDraft([SOURCE]))).toEqual({ sources: [SOURCE], errors: {} });
  });

  it('fills a new source with the defaults and a free id', () => {
    const first = emptySourceDraft([]);
    expect(first).toMatchObject({ id: 'prom', selector: 'job="node"', refreshS: '15', authKind: 'none' });
    expect(emptySourceDraft([first]).id).toBe('prom-2');
    const { sources } = fromDataSourcesDraft([{ ...first, url: 'https://prom.example:9090' }]);
    expect(sources).toEqual([
      {
        id: 'prom',
        url: 'https://prom.example:9090',
        selector: 'job="node"',
        auth: { kind: 'none' },
        refreshMs: 15_000,
      },
    ]);
  });

  it('puts each error beside its field', () => {
    const [a] = toDataSourcesDraft([SOURCE]);
    if (!a) throw new Error('no draft');
    const bad = [
      { ...a, id: 'Prom Main', url: 'ftp://x', refreshS: '0.1' },
      { ...a, key: 'b', url: 'not a url', refreshS: '', username: ' ' },
    ];
    const { sources, errors } = fromDataSourcesDraft(bad);
    expect(sources).toEqual([]);
    expect(errors).toEqual({
      'prometheus.0.id': 'lowercase letters, digits and "-" (up to 32)',
      'prometheus.0.url': 'use an http:// or https:// URL',
      'prometheus.0.refreshMs': 'refresh every 1 to 3600 seconds',
      'prometheus.1.url': 'use an http:// or https:// URL',
      'prometheus.1.refreshMs': 'enter a number of seconds',
      'prometheus.1.auth': 'basic auth needs a username',
    });
  });

  it('refuses two sources with one id', () => {
    const d = toDataSourcesDraft([SOURCE, SOURCE]);
    expect(fromDataSourcesDraft(d).errors).toEqual({
      'prometheus.1.id': 'another source already has this id',
    });
  });

  it('names the environment variable for the secret', () => {
    expect(secretEnvName('prom-main')).toBe('GREENBOARD_PROMETHEUS_SECRET_PROM_MAIN');
  });

  it('pins the engine refusals on fields', () => {
    const issues = [
      { path: ['prometheus', 1, 'url'], message: 'use an http:// or https:// URL' },
      { path: ['prometheus', 0, 'auth', 'username'], message: 'Too small' },
      { path: ['retentionDays'], message: 'x' },
    ];
    expect(dataSourceErrorsFromIssues(issues)).toEqual({
      'prometheus.1.url': 'use an http:// or https:// URL',
      'prometheus.0.auth': 'Too small',
    });
  });
});
