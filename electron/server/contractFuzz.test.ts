import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMethodName, type MethodName } from '../../shared/channels';
import { methods } from '../../shared/contract';
import { silentLogger } from '../engine';
import { assembleEngine, handleOf, type Engine } from '../engine/createEngine';
import { SshCollector } from '../engine/ssh/sshCollector';
import { GreenboardServer } from './httpServer';
import { fieldBreaks } from './testing/fieldBreaks';
import {
  FuzzSocket,
  httpCall as post,
  pathSegment,
  problemWith,
  wsProblem as socketProblem,
  type Answer,
  type Endpoint,
} from './testing/fuzzClient';
import {
  exampleInput,
  exampleIsValid,
  methodInputText,
  unsafeReason,
  type FuzzTarget,
} from './testing/fuzzInputs';
import { fuzzString } from './testing/fuzzText';

/**
 * Every contract method, over HTTP and over the WebSocket, gets generated hostile input against
 * a real server and a real engine in a temporary data folder. Whatever comes in, the answer is
 * a readable 4xx or a 2xx, never a 5xx or an `internal` error, and the server keeps serving.
 * GB_FUZZ_SEED replays a run; GB_FUZZ_RUNS changes how many inputs each method gets.
 */

const token = 'fuzz-token-0123456789abcdef';
const seed = Number(process.env.GB_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.GB_FUZZ_RUNS ?? 20);
/** Shrinking a failure may take longer than finding it; this bounds one method's time. */
const PROPERTY_MS = 15_000;

// Iterating the map itself: a method added to the contract is fuzzed without touching this file.
const methodNames = Object.keys(methods).filter(isMethodName);
/** Methods that only read (no `liveOnly`): safe to call with their valid example at any time. */
const readMethods = methodNames.filter((m) => !('liveOnly' in methods[m]));

let dir: string;
let engine: Engine;
let server: GreenboardServer;
let stopped = false;
let target: FuzzTarget;

/** A loopback port nothing listens on: every SSH host the fuzz adds connects here and fails. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as { port: number };
  await new Promise((resolve) => s.close(resolve));
  return port;
}

beforeAll(async () => {
  const sinkPort = await closedPort();
  target = { sinkUrl: `http://127.0.0.1:${sinkPort}/` };
  dir = mkdtempSync(join(tmpdir(), 'gb-fuzz-'));
  engine = assembleEngine({
    dataDir: join(dir, 'data'),
    mode: 'headless',
    localIntervalMs: 1000,
    logger: silentLogger,
    knownHostsPath: null,
    sshTimeoutMs: 2000,
    // Whatever address a fuzzed host names, it connects to a closed port here: no traffic leaves.
    createCollector: (host, clock) =>
      host.kind === 'local'
        ? null
        : new SshCollector(
            host.id,
            { user: 'fuzz', host: '127.0.0.1', port: sinkPort },
            {
              now: () => clock.now(),
              hostKeys: { check: () => ({ status: 'unknown' }) },
              credentials: () => ({}),
              timeoutMs: 2000,
              pollTimeoutMs: 2000,
            },
          ),
  });
  server = new GreenboardServer(handleOf(engine), {
    host: '127.0.0.1',
    port: 0,
    token,
    uiDir: join(dir, 'ui'),
  });
  await server.listen();
  engine.start();
  console.info(`contract fuzz: seed ${seed}, ${RUNS} inputs per method and transport (GB_FUZZ_SEED replays)`);
  const shallow = methodNames.filter((m) => !exampleIsValid(m, target));
  // Not a failure: those methods are still fuzzed, but their handlers see less (add a KEY_HINTS entry).
  if (shallow.length > 0) console.info(`contract fuzz: no valid example to break for ${shallow.join(', ')}`);
});

afterAll(async () => {
  if (!stopped) {
    await server.close();
    await engine.stop();
  }
  rmSync(dir, { recursive: true, force: true });
});

const endpoint = (): Endpoint => ({ port: server.port, token });
const httpCall = (path: string, body: string): Promise<Answer> => post(endpoint(), path, body);
const openSocket = (): Promise<FuzzSocket> => FuzzSocket.open(endpoint());
const wsProblem = (
  holder: { socket: FuzzSocket },
  send: (s: FuzzSocket) => ReturnType<FuzzSocket['send']>,
): Promise<string | null> => socketProblem(endpoint(), holder, send);

function assertProperty<T>(
  arb: fc.Arbitrary<T>,
  check: (v: T) => Promise<string | null>,
  salt: number,
  numRuns = RUNS,
) {
  return fc.assert(
    fc.asyncProperty(arb, async (v) => {
      const problem = await check(v);
      if (problem !== null) throw new Error(problem);
    }),
    { numRuns, seed: seed + salt, interruptAfterTimeLimit: PROPERTY_MS },
  );
}

async function expectAlive(): Promise<void> {
  const answer = await httpCall('app:info', '{}');
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ ok: true });
}

describe('requests that name no method or carry no JSON', () => {
  it('an unknown method answers 4xx over HTTP and over the WebSocket', async () => {
    await assertProperty(
      // "." and ".." (even as %2e%2e) are dot segments to fetch's URL parser, which drops them and
      // posts to the page itself: no HTTP client can send them. rawRequests.test.ts sends them raw.
      fuzzString.filter((n) => !isMethodName(n) && n !== '.' && n !== '..'),
      async (name) => {
        const answer = await httpCall(pathSegment(name), '{}');
        return answer.status !== undefined && answer.status >= 400 && answer.status < 500
          ? problemWith(answer)
          : `HTTP ${answer.status} for unknown method ${JSON.stringify(name.slice(0, 80))}`;
      },
      -1,
    );
    const holder = { socket: await openSocket() };
    await assertProperty(
      fuzzString.filter((n) => !isMethodName(n)),
      (name) => wsProblem(holder, (s) => s.call(name, '{}')),
      -2,
    );
    expect(holder.socket.open).toBe(true);
    await holder.socket.close();
  });

  it('a body or frame that is not JSON answers 400 and the socket stays open', async () => {
    const notJson = fuzzString.filter((t) => {
      try {
        JSON.parse(t);
        return false;
      } catch {
        // An empty or blank body counts as {} on HTTP, so it is no case here.
        return t.trim() !== '';
      }
    });
    await assertProperty(
      notJson,
      async (text) => {
        const answer = await httpCall('board:get', text);
        return answer.status === 400 || answer.status === 413
          ? problemWith(answer)
          : `HTTP ${answer.status} for a body that is not JSON`;
      },
      -3,
    );
    const holder = { socket: await openSocket() };
    await assertProperty(
      fc.oneof(notJson, fc.constantFrom('[]', 'null', '1', '"x"', '{"id":1}', '{"id":2,"method":7}')),
      (text) => wsProblem(holder, (s) => s.send(text, 'next')),
      -4,
    );
    expect(holder.socket.open).toBe(true);
    await holder.socket.close();
    await expectAlive();
  });
});

describe.each(methodNames.map((m, i) => [m, i] as [MethodName, number]))('%s', (method, index) => {
  const input = (): fc.Arbitrary<string | null> =>
    methodInputText(method, target).filter((text) => unsafeReason(method, text) === null);

  it('answers hostile input over HTTP with a readable 4xx (or a 2xx)', { timeout: 60_000 }, async () => {
    await assertProperty(input(), async (text) => problemWith(await httpCall(method, text ?? '')), index * 2);
    await expectAlive();
  });

  it(
    'answers hostile input over the WebSocket with a readable error (or a result)',
    { timeout: 60_000 },
    async () => {
      const holder = { socket: await openSocket() };
      try {
        await assertProperty(
          input(),
          (text) => wsProblem(holder, (s) => s.call(method, text)),
          index * 2 + 1,
        );
      } finally {
        await holder.socket.close();
      }
      await expectAlive();
    },
  );
});

describe('every field of a valid example, broken one at a time', () => {
  it.each(methodNames)('%s', { timeout: 60_000 }, async (method) => {
    const cases = fieldBreaks(exampleInput(method, target)).filter(
      (c) => unsafeReason(method, c.text) === null,
    );
    const holder = { socket: await openSocket() };
    const problems: string[] = [];
    try {
      // Alternating transports: both go through dispatch, the random runs above cover each fully.
      for (const [i, c] of cases.entries()) {
        const overHttp = i % 2 === 0;
        const problem = overHttp
          ? problemWith(await httpCall(method, c.text))
          : await wsProblem(holder, (s) => s.call(method, c.text));
        if (problem !== null) problems.push(`${c.label} (${overHttp ? 'HTTP' : 'WebSocket'}): ${problem}`);
      }
    } finally {
      await holder.socket.close();
    }
    // What a change stored must not break a read (a saved command that lists badly breaks
    // diagnostics for every host): each read, with its valid example, after each changing method.
    if ('liveOnly' in methods[method]) {
      for (const read of readMethods) {
        const example = JSON.stringify(exampleInput(read, target));
        const problem = problemWith(await httpCall(read, example));
        if (problem !== null) problems.push(`then ${read} ${example.slice(0, 120)}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

// Stored state can break reads that passed before (a saved command, a template, a setting that
// a later read cannot handle): every method once more, over HTTP, after all of them ran.
describe('again, after every method stored what it accepted', () => {
  it.each(methodNames.map((m, i) => [m, i] as [MethodName, number]))(
    '%s',
    { timeout: 60_000 },
    async (method, index) => {
      const example = JSON.stringify(exampleInput(method, target));
      if (unsafeReason(method, example) === null)
        expect(problemWith(await httpCall(method, example))).toBeNull();
      const input = methodInputText(method, target).filter((text) => unsafeReason(method, text) === null);
      await assertProperty(
        input,
        async (text) => problemWith(await httpCall(method, text ?? '')),
        1000 + index,
        Math.ceil(RUNS / 5),
      );
    },
  );
});

describe('afterwards', () => {
  it('the database passes PRAGMA integrity_check', async () => {
    await expectAlive();
    const dbPath = engine.store.path;
    stopped = true;
    await server.close();
    await engine.stop();
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });
});
