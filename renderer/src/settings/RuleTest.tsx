import {
  describeBacktest,
  describeEpisode,
  isGroupKind,
  resolutionNote,
  type BacktestResult,
} from '../../../shared/backtest';
import type { SignalKind } from '../../../shared/alerts';
import { api, errorMessage } from '../api';
import type { HostChoice } from './AddOverride';
import { fromRulesDraft, type OverrideDraft, type RulesDraft } from './rulesDraft';

/** One rule's back-test as the Alert rules tab shows it, under the rule it tested. */
export type RuleTestState =
  | { path: string; kind: SignalKind; status: 'running' }
  | { path: string; kind: SignalKind; status: 'done'; result: BacktestResult }
  | { path: string; kind: SignalKind; status: 'error'; message: string };

/** Episodes listed under the sentence; the sentence counts them all. */
const LISTED = 8;

/** The answer: "would have fired 3 times in the last 7 days: …", then each time, then what the history held. */
export function RuleTestResult({ test }: { test: RuleTestState }) {
  if (test.status === 'running')
    return (
      <p className="rule-test__status muted" role="status" data-testid="rule-test-running">
        Running this rule over the stored history…
      </p>
    );
  if (test.status === 'error')
    return (
      <p className="rule-test__status rule-error" role="alert" data-testid="rule-test-error">
        {test.message}
      </p>
    );
  const r = test.result;
  const note = resolutionNote(r);
  return (
    <div className="rule-test__result" role="status" data-testid="rule-test-result">
      <p className="rule-test__summary" data-testid="rule-test-summary">
        {describeBacktest(r)}
      </p>
      {r.episodes.length > 0 && (
        <ul className="rule-test__episodes">
          {r.episodes.slice(0, LISTED).map((e) => (
            <li key={`${e.hostId}/${e.signal}/${e.startTs}`} data-testid="rule-test-episode">
              <span className="mono">{describeEpisode(e)}</span>{' '}
              <span className={`rule-test__level rule-test__level--${e.level}`}>{e.level}</span>{' '}
              <strong>{e.name}</strong> <span className="muted">{e.reason}</span>
            </li>
          ))}
          {r.total > LISTED && <li className="muted">and {r.total - LISTED} more</li>}
        </ul>
      )}
      {note && <p className="muted rule-test__note">{note}</p>}
      {r.notes.map((n) => (
        <p key={n} className="muted rule-test__note" data-testid="rule-test-note">
          {n}
        </p>
      ))}
    </div>
  );
}

type Outcome = { status: 'done'; result: BacktestResult } | { status: 'error'; message: string };

/**
 * Runs the rules as typed (not yet saved) over the stored history: the layer's hosts only (a host
 * override its host, a tag's the hosts with that tag), or for a group's kind the layer's groups
 * (a tag's its group, the defaults' every group), the one kind, `spanMs` back from the history's
 * end (now, or a reviewed file's last moment).
 */
export async function backtestRule(
  draft: RulesDraft,
  hosts: readonly HostChoice[],
  spanMs: number,
  kind: SignalKind,
  scope: OverrideDraft | null,
): Promise<Outcome> {
  const { config, errors } = fromRulesDraft(draft);
  if (Object.keys(errors).length > 0)
    return { status: 'error', message: 'Fix the rules marked in red first: the test runs them as typed.' };
  const group = isGroupKind(kind);
  if (group && scope?.scope === 'host')
    return { status: 'error', message: 'A group’s rule is set on a tag (a tag is a group), not on a host.' };
  const hostIds =
    group || scope === null
      ? undefined
      : scope.scope === 'host'
        ? [scope.name]
        : hosts.filter((h) => h.tags.includes(scope.name)).map((h) => h.id);
  const tags = group && scope ? [scope.name] : undefined;
  if (hostIds?.length === 0 || (tags && !hosts.some((h) => h.tags.includes(scope?.name ?? ''))))
    return {
      status: 'error',
      message: `No host on the board has the tag "${scope?.name ?? ''}" to test against.`,
    };
  try {
    const info = await api.call('app:info', {});
    const toTs = info.history ? (info.dataRange?.toTs ?? Date.now()) : Date.now();
    const result = await api.call('rules:test', {
      rules: config,
      kinds: [kind],
      fromTs: Math.max(0, toTs - spanMs),
      toTs,
      ...(hostIds ? { hostIds } : {}),
      ...(tags ? { tags } : {}),
    });
    return { status: 'done', result };
  } catch (err) {
    return { status: 'error', message: errorMessage(err) };
  }
}
