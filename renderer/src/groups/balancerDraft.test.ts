import { describe, expect, it } from 'vitest';
import { balancerOfDraft, draftOf, EMPTY_BALANCER, errorsOfIssues } from './balancerDraft';

describe('the balancer form', () => {
  it('turns the fields into the API balancer, servers one a line, empty fields left out', () => {
    const r = balancerOfDraft({
      ...EMPTY_BALANCER,
      hostId: 'lb-1',
      accessLog: ' /var/log/nginx/access.log ',
      servers: '10.0.0.11:8080 = web-1\n\n10.0.0.12:8080=web-2',
    });
    expect(r).toEqual({
      ok: true,
      balancer: {
        kind: 'nginx',
        hostId: 'lb-1',
        accessLog: '/var/log/nginx/access.log',
        servers: { '10.0.0.11:8080': 'web-1', '10.0.0.12:8080': 'web-2' },
        intervalMs: 15_000,
      },
    });
    if (r.ok) expect(balancerOfDraft(draftOf(r.balancer))).toEqual(r);
  });

  it('puts each problem beside its field, in words', () => {
    const r = balancerOfDraft({ ...EMPTY_BALANCER, accessLog: 'logs/access.log', servers: 'web-1' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.accessLog).toMatch(/absolute path/);
    expect(r.errors.servers).toBe('line 1: write SERVER = MEMBER (127.0.0.1:8081 = web-1)');
    const h = balancerOfDraft({ ...EMPTY_BALANCER, kind: 'haproxy' });
    expect(!h.ok && h.errors.socket).toMatch(/admin socket/);
    const engine = errorsOfIssues([{ path: ['balancer', 'hostId'], message: 'no such host' }], 'refused');
    expect(engine).toEqual({ fields: { hostId: 'no such host' }, rest: null });
    expect(errorsOfIssues([], 'No host "gone"')).toEqual({ fields: {}, rest: 'No host "gone"' });
  });
});
