import { describe, expect, it } from 'vitest';
import { countUpstreams, nginxWeights, parseHaproxyCsv, parseStubStatus } from './balancerParse';

describe('balancer output', () => {
  it('counts nginx log lines per upstream: the last server tried, not the ones that failed', () => {
    const log = [
      '127.0.0.1 [07/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 ua=127.0.0.1:8081 urt=0.004',
      '127.0.0.1 [07/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 ua=127.0.0.1:8082 urt=0.010',
      '127.0.0.1 [07/Dec/2026:10:00:01 +0000] "GET / HTTP/1.1" 200 ua="127.0.0.1:8081, 127.0.0.1:8083" urt="0.001, 0.500"',
      '127.0.0.1 [07/Dec/2026:10:00:01 +0000] "GET /health HTTP/1.1" 200 ua=- urt=-',
      'a line in another format, with no upstream',
      '',
    ].join('\n');
    const c = countUpstreams(log);
    expect(Object.fromEntries(c.requests)).toEqual({
      '127.0.0.1:8081': 1,
      '127.0.0.1:8082': 1,
      '127.0.0.1:8083': 1,
    });
    expect(c.seconds.get('127.0.0.1:8083')).toBeCloseTo(0.5);
    expect(countUpstreams('').requests.size).toBe(0);
  });

  it('reads stub_status, and nothing from a page that is not one', () => {
    const page =
      'Active connections: 3 \nserver accepts handled requests\n 12 12 345 \nReading: 0 Writing: 1 Waiting: 2 \n';
    expect(parseStubStatus(page)).toEqual({
      active: 3,
      accepts: 12,
      handled: 12,
      requests: 345,
      reading: 0,
      writing: 1,
      waiting: 2,
    });
    expect(parseStubStatus('<html>404 Not Found</html>')).toBeNull();
  });

  it('reads weights from an nginx upstream block: 1 unstated, 0 for backup and down, comments skipped', () => {
    const conf = `
      upstream web {
        server 127.0.0.1:8081 weight=3;
        server 127.0.0.1:8082;   # weight=9 in a comment is not a weight
        server 127.0.0.1:8083 max_fails=2 backup;
        server 127.0.0.1:8084 down;
      }
      upstream other { server 10.0.0.1:80 weight=7; }`;
    expect(Object.fromEntries(nginxWeights(conf, 'web'))).toEqual({
      '127.0.0.1:8081': 3,
      '127.0.0.1:8082': 1,
      '127.0.0.1:8083': 0,
      '127.0.0.1:8084': 0,
    });
    expect(nginxWeights(conf).get('10.0.0.1:80')).toBe(7);
    expect(nginxWeights('events {}').size).toBe(0);
  });

  it('reads HAProxy show stat: server rows of the named backend, by the header', () => {
    const csv = [
      '# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot',
      'fe,FRONTEND,,,0,1,2000,9,0,0,0,0,0,,,,,OPEN,,,,,,,,,1,2,0,,,,0,0,0,1,,,,0,9,0,0,0,0,,0,1,9',
      'web,web-1,0,0,0,1,,5,0,0,,0,,0,0,0,0,UP,3,1,0,0,0,10,0,,1,3,1,,5,,2,0,,1,,,,0,5,0,0,0,0,,,,5',
      'web,web-2,0,0,0,1,,4,0,0,,0,,0,0,0,0,UP,1,1,0,0,0,10,0,,1,3,2,,4,,2,0,,1,,,,0,4,0,0,0,0,,,,',
      'web,BACKEND,0,0,0,1,200,9,0,0,0,0,,0,0,0,0,UP,4,2,0,,0,10,0,,1,3,0,,9,,1,0,,1,,,,0,9,0,0,0,0,,,,9',
      'api,api-1,0,0,0,1,,7,0,0,,0,,0,0,0,0,UP,1,1,0,0,0,10,0,,1,4,1,,7,,2,0,,1,,,,0,7,0,0,0,0,,,,7',
      '',
    ].join('\n');
    const rows = parseHaproxyCsv(csv, 'web');
    expect(rows).toEqual([
      { backend: 'web', server: 'web-1', total: 5, weight: 3, status: 'UP' },
      // No req_tot: the times it was chosen (lbtot) stand in.
      { backend: 'web', server: 'web-2', total: 4, weight: 1, status: 'UP' },
    ]);
    expect(parseHaproxyCsv(csv).map((r) => r.server)).toEqual(['web-1', 'web-2', 'api-1']);
    expect(parseHaproxyCsv('Unknown command.\n')).toEqual([]);
  });
});
