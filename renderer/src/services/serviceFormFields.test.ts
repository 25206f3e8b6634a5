import { describe, expect, it } from 'vitest';
import { errorsFromIssues, serviceFormSchema, EMPTY_DRAFT } from './serviceFormFields';

describe('serviceFormSchema', () => {
  const schema = serviceFormSchema('db-1');
  it('leaves empty fields out, so the defaults per kind apply', () => {
    const r = schema.safeParse({ ...EMPTY_DRAFT, kind: 'redis' });
    expect(r.success && r.data).toEqual({ hostId: 'db-1', kind: 'redis', via: 'peer' });
  });
  it('puts a port out of range beside the port, in words', () => {
    const r = schema.safeParse({ ...EMPTY_DRAFT, port: '70000' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['port', 'enter a port from 1 to 65535'],
    ]);
  });
  it('refuses text as a port and a hostile user or socket path beside their fields', () => {
    const r = schema.safeParse({
      ...EMPTY_DRAFT,
      port: 'abc',
      osUser: 'x; rm -rf /',
      socketDir: '/tmp/../etc',
    });
    const paths = r.error?.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(['osUser', 'port', 'socketDir']);
  });
  it('a tunnel sends its DB user, never the password, and no OS user or socket', () => {
    const r = schema.safeParse({
      ...EMPTY_DRAFT,
      via: 'tunnel',
      dbUser: 'monitor',
      password: 'pw-not-in-input',
      osUser: 'postgres',
      socketDir: '/run/x',
    });
    expect(r.success && r.data).toEqual({
      hostId: 'db-1',
      kind: 'postgres',
      via: 'tunnel',
      dbUser: 'monitor',
    });
    expect(JSON.stringify(r.data)).not.toContain('pw-not-in-input');
  });
  it('a tunnel to a database without a DB user is refused beside that field', () => {
    const r = schema.safeParse({ ...EMPTY_DRAFT, via: 'tunnel' });
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['dbUser', 'a tunnel logs in as a database user: give the DB user (--db-user)'],
    ]);
    expect(schema.safeParse({ ...EMPTY_DRAFT, kind: 'redis', via: 'tunnel' }).success).toBe(true);
  });
  it('refuses a kind that is not offered', () => {
    const r = schema.safeParse({ ...EMPTY_DRAFT, kind: 'oracle' });
    expect(r.error?.issues[0]?.path).toEqual(['kind']);
  });
});

describe('errorsFromIssues', () => {
  it('puts the engine issues beside fields and keeps the rest', () => {
    const out = errorsFromIssues(
      [
        { path: ['port'], message: 'taken' },
        { path: [], message: 'no driver for postgres yet' },
      ],
      'refused',
    );
    expect(out).toEqual({ fields: { port: 'taken' }, rest: 'no driver for postgres yet' });
    expect(errorsFromIssues([], 'boom')).toEqual({ fields: {}, rest: 'boom' });
  });
});
