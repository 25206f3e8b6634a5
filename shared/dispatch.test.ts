import { describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES, EVENT_NAMES } from './channels';
import { events, methods, type ApiHandlers } from './contract';
import { dispatch } from './dispatch';
import { GreenboardError } from './errors';

function handlers(over: Partial<ApiHandlers> = {}): ApiHandlers {
  const base = Object.fromEntries(
    METHOD_NAMES.map((m) => [m, vi.fn(() => Promise.resolve([]))]),
  ) as unknown as ApiHandlers;
  return { ...base, ...over };
}

describe('API contract', () => {
  it('has a schema for every method and event name the preload exposes', () => {
    expect(Object.keys(methods).sort()).toEqual([...METHOD_NAMES].sort());
    expect(Object.keys(events).sort()).toEqual([...EVENT_NAMES].sort());
  });

  it('passes parsed input, with defaults applied, to the handler', async () => {
    const top = vi.fn(() => Promise.resolve([]));
    const res = await dispatch(handlers({ 'processes:top': top }), 'processes:top', { hostId: 'local' });
    expect(res).toEqual({ ok: true, result: [] });
    expect(top).toHaveBeenCalledWith({ hostId: 'local', by: 'cpu', limit: 10 });
  });

  it('rejects an unknown method by name', async () => {
    const res = await dispatch(handlers(), 'hosts:destroy', {});
    expect(res).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(!res.ok && res.error.message).toContain('Unknown method "hosts:destroy"');
  });

  it('rejects schema-invalid input with the zod message and the field path', async () => {
    const h = handlers();
    const res = await dispatch(h, 'processes:top', { hostId: 'local', limit: 1000 });
    expect(res.ok).toBe(false);
    expect(!res.ok && res.error.code).toBe('bad_request');
    expect(!res.ok && res.error.message).toMatch(/^Invalid input for processes:top: limit: .*100/);
    expect(h['processes:top']).not.toHaveBeenCalled();
  });

  it('names each invalid field as path segments beside the one-line message', async () => {
    const res = await dispatch(handlers(), 'processes:top', { hostId: 'local', limit: 1000 });
    expect(!res.ok && res.error.issues).toEqual([{ path: ['limit'], message: expect.stringMatching(/100/) }]);
  });

  it("sends a handler's own issues, and none with a plain refusal", async () => {
    const refuse = vi.fn(() =>
      Promise.reject(
        new GreenboardError('bad_request', 'hostId: taken', [{ path: ['hostId'], message: 'taken' }]),
      ),
    );
    const res = await dispatch(handlers({ 'processes:top': refuse }), 'processes:top', { hostId: 'a' });
    expect(res).toEqual({
      ok: false,
      error: {
        code: 'bad_request',
        message: 'hostId: taken',
        issues: [{ path: ['hostId'], message: 'taken' }],
      },
    });
    expect(new GreenboardError('not_found', 'x').toJSON()).toStrictEqual({ code: 'not_found', message: 'x' });
  });

  it('rejects unexpected fields instead of ignoring them', async () => {
    const res = await dispatch(handlers(), 'board:get', { evil: true });
    expect(res).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('checks cross-field rules', async () => {
    const res = await dispatch(handlers(), 'metrics:range', {
      hostId: 'a',
      series: [{ metric: 'cpu.busy_pct' }],
      from: 10,
      to: 5,
    });
    expect(!res.ok && res.error.message).toContain('from: "from" must not be after "to"');
  });

  it('turns a handler error into the envelope, keeping its code', async () => {
    const res = await dispatch(
      handlers({
        'metrics:latest': () => Promise.reject(new GreenboardError('not_found', 'No host with id "x".')),
      }),
      'metrics:latest',
      { hostId: 'x' },
    );
    expect(res).toEqual({ ok: false, error: { code: 'not_found', message: 'No host with id "x".' } });
  });

  it('reports an unexpected exception as internal without a stack trace', async () => {
    const res = await dispatch(
      handlers({ 'board:get': () => Promise.reject(new TypeError('boom')) }),
      'board:get',
      {},
    );
    expect(res).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(!res.ok && res.error.message).not.toContain('at ');
  });

  it('hands an unexpected exception to onInternalError with its method, and names the log', async () => {
    const onInternalError = vi.fn();
    const boom = new TypeError('boom');
    const res = await dispatch(
      handlers({ 'board:get': () => Promise.reject(boom) }),
      'board:get',
      {},
      { onInternalError, logPath: '/data/logs/greenboard.log' },
    );
    expect(onInternalError).toHaveBeenCalledExactlyOnceWith('board:get', boom);
    expect(res).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Internal error: boom. Details are in /data/logs/greenboard.log.' },
    });
  });

  it('does not report bad input or a GreenboardError as internal, and survives a failing hook', async () => {
    const onInternalError = vi.fn(() => {
      throw new Error('disk full');
    });
    const opts = { onInternalError, logPath: '/l' };
    await dispatch(handlers(), 'processes:top', { hostId: 'local', limit: 1000 }, opts);
    await dispatch(handlers(), 'hosts:destroy', {}, opts);
    await dispatch(
      handlers({ 'board:get': () => Promise.reject(new GreenboardError('not_found', 'gone')) }),
      'board:get',
      {},
      opts,
    );
    expect(onInternalError).not.toHaveBeenCalled();
    const res = await dispatch(
      handlers({ 'board:get': () => Promise.reject(new Error('x')) }),
      'board:get',
      {},
      opts,
    );
    expect(onInternalError).toHaveBeenCalledOnce();
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'internal', message: 'Internal error: x. Details are in /l.' },
    });
  });
});
