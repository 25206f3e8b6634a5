import { randomBytes } from 'node:crypto';
import { AuditConfigSchema, type AuditConfig, type AuditReport } from '../../../shared/audit';
import { MAX_OUTPUT_BYTES, runLocal } from '../diagnostics/runLocal';
import type { RemoteExec, RunOutput } from '../collectors/types';
import { AuditOutputError } from './auditOutput';
import { auditFindings, toReport } from './auditReport';
import { buildAuditScript } from './auditScript';

/** What running the script gave. */
export interface ScriptResult {
  stdout: string;
  stderr: string;
  code: number | null;
  /** The runner dropped output past its cap. */
  truncated?: boolean;
}

/**
 * Runs one sh script on the audited host and returns its output. The engine plugs in its
 * persistent SSH session ({@link sshRunner}); {@link localRunner} runs it here.
 */
export type ScriptRunner = (script: string) => Promise<ScriptResult>;

/** Budget for a whole audit; every command in it has its own, shorter `timeout`. */
export const AUDIT_TIMEOUT_MS = 90_000;

const fromRunOutput = (r: RunOutput): ScriptResult => ({
  stdout: r.stdout,
  stderr: r.stderr,
  code: r.exitCode,
  truncated: r.truncated,
});

/** Runs the script on this machine (`sh -c`, no terminal), as the user Greenboard runs as. */
export function localRunner(timeoutMs = AUDIT_TIMEOUT_MS): ScriptRunner {
  return async (script) => fromRunOutput(await runLocal(['sh', '-c', script], timeoutMs));
}

export type { RemoteExec };

/**
 * Runs the script over a host's existing connection, on its own exec channel beside the poll
 * shell (the path diagnostics take), so an audit never delays polling and opens no new login.
 */
export function sshRunner(host: RemoteExec, timeoutMs = AUDIT_TIMEOUT_MS): ScriptRunner {
  return async (script) => fromRunOutput(await host.exec(['sh', '-c', script], timeoutMs));
}

/** The audit ran but its output cannot be read; `message` says what to do. */
export class AuditError extends Error {
  override name = 'AuditError';
  readonly code = 'bad_output' as const;
}

export interface RunAuditOptions {
  hostId: string;
  run: ScriptRunner;
  config?: AuditConfig;
  /** Wall clock for the report's `ts`; Date.now by default. */
  now?: () => number;
}

/**
 * Audits one host: runs the audit script once through `run` (one round trip), parses every
 * section into findings and scores them.
 * @throws AuditError if the output is not the script's (cut short, or a shell that failed).
 * Errors of the runner itself (the host is unreachable) are passed through unchanged.
 */
export async function runAudit(opts: RunAuditOptions): Promise<AuditReport> {
  const config = AuditConfigSchema.parse(opts.config ?? {});
  const nonce = randomBytes(8).toString('hex');
  const script = buildAuditScript({ nonce, sshdConfigPath: config.sshdConfigPath });
  const ts = (opts.now ?? Date.now)();
  const t0 = performance.now();
  const result = await opts.run(script);
  const durationMs = performance.now() - t0;
  try {
    return toReport(opts.hostId, ts, durationMs, auditFindings(result.stdout, nonce, config));
  } catch (err) {
    if (!(err instanceof AuditOutputError)) throw err;
    const why = result.truncated
      ? `its output passed ${MAX_OUTPUT_BYTES / 1024} KiB and was cut`
      : `${err.message}${result.stderr.trim() ? ` (stderr: ${result.stderr.trim().split('\n')[0]})` : ''}`;
    throw new AuditError(
      `The security audit of ${opts.hostId} returned unreadable output: ${why}. Run it again; if it keeps failing, check that /bin/sh works for the login user.`,
    );
  }
}
