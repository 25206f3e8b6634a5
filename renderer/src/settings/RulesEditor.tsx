import { useState } from 'react';
import type { SignalKind } from '../../../shared/alerts';
import { useShallow } from 'zustand/react/shallow';
import { useHostsStore } from '../hosts/hostsStore';
import {
  countSet,
  layerPath,
  rulesBelow,
  toLayerDraft,
  type FieldErrors,
  type OverrideDraft,
  type RulesDraft,
} from './rulesDraft';
import { AddOverride, overrideKey, type HostChoice } from './AddOverride';
import { RuleLayerTable } from './RuleLayerTable';
import { backtestRule, RuleTestResult, type RuleTestState } from './RuleTest';

/** How far back a rule is tested, by the choice's label. */
const TEST_SPANS = { '24 h': 86_400_000, '7 days': 7 * 86_400_000, '30 days': 30 * 86_400_000 } as const;
type TestSpan = keyof typeof TEST_SPANS;

interface Props {
  draft: RulesDraft;
  errors: FieldErrors;
  onChange: (next: RulesDraft) => void;
}

const hasErrorsUnder = (errors: FieldErrors, path: string): boolean =>
  Object.keys(errors).some((k) => k.startsWith(`${path}.`));

/**
 * The Alert rules tab: the default rules, then overrides per tag and per host (a host's beat its
 * tags', which beat the defaults). Every layer holds only the fields typed into it.
 */
export function RulesEditor({ draft, errors, onChange }: Props) {
  const hosts: HostChoice[] = useHostsStore(
    useShallow((s) => s.order.flatMap((id) => (s.byId[id] ? [s.byId[id].host] : []))),
  );
  // Overrides loaded with the dialog start folded; one just added, or with an error, is open.
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const taken = new Set(draft.overrides.map((o) => overrideKey(o.scope, o.name)));
  const [span, setSpan] = useState<TestSpan>('7 days');
  const [test, setTest] = useState<RuleTestState | null>(null);

  const runTest = (path: string, kind: SignalKind, scope: OverrideDraft | null): void => {
    setTest({ path, kind, status: 'running' });
    void backtestRule(draft, hosts, TEST_SPANS[span], kind, scope).then((outcome) =>
      // Only the answer to the test still shown: a later one of another rule replaced it.
      setTest((cur) =>
        cur?.status === 'running' && cur.path === path && cur.kind === kind
          ? { path, kind, ...outcome }
          : cur,
      ),
    );
  };
  const testProps = (path: string, scope: OverrideDraft | null) => ({
    onTest: (kind: SignalKind) => runTest(path, kind, scope),
    testResult: (kind: SignalKind) =>
      test && test.path === path && test.kind === kind ? <RuleTestResult test={test} /> : null,
  });

  const setOverride = (i: number, next: OverrideDraft | null): void => {
    const overrides = draft.overrides.slice();
    if (next) overrides[i] = next;
    else overrides.splice(i, 1);
    onChange({ ...draft, overrides });
  };
  const toggle = (key: string, isOpen: boolean): void =>
    setOpen((s) => {
      const next = new Set(s);
      if (isOpen) next.add(key);
      else next.delete(key);
      return next;
    });

  return (
    <div className="rules" data-testid="settings-rules">
      <section className="settings-section">
        <h3 className="settings-section__title">Default rules</h3>
        <p className="field__hint">
          A host turns amber when a signal reaches <em>warning</em>, red at <em>critical</em>, once the level
          has held for <em>for</em>; it falls back only below the <em>clears</em> level. Empty fields keep the
          built-in value shown in grey; only what you type is saved.
        </p>
        <p className="field__hint rules-test-span">
          <label>
            <strong>Test</strong> runs a rule as typed over the stored history of the last{' '}
            <select
              className="input input--inline"
              value={span}
              data-testid="rule-test-span"
              onChange={(e) => setSpan(e.target.value as TestSpan)}
            >
              {Object.keys(TEST_SPANS).map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </label>{' '}
          and says when it would have fired, before you save it.
        </p>
        <RuleLayerTable
          draft={draft.defaults}
          below={rulesBelow(draft, null, [])}
          path={layerPath(null)}
          errors={errors}
          onChange={(defaults) => onChange({ ...draft, defaults })}
          {...testProps(layerPath(null), null)}
        />
      </section>

      <section className="settings-section">
        <h3 className="settings-section__title">Overrides</h3>
        <p className="field__hint">
          For a tag or a single host. A host's override beats its tags', which beat the defaults; a warn or
          critical level changed without its clear level keeps the same gap below it.
        </p>
        {draft.overrides.length === 0 && <p className="muted rules-none">No overrides yet.</p>}
        {draft.overrides.map((o, i) => {
          const key = overrideKey(o.scope, o.name);
          const path = layerPath(o);
          const host = o.scope === 'host' ? hosts.find((h) => h.id === o.name) : undefined;
          const n = countSet(o.layer);
          return (
            <details
              key={key}
              className="rules-override"
              data-testid="rule-override"
              data-layer={path}
              open={open.has(key) || hasErrorsUnder(errors, path)}
              onToggle={(e) => toggle(key, e.currentTarget.open)}
            >
              <summary className="rules-override__summary">
                <span className="rules-override__scope">{o.scope === 'tag' ? 'Tag' : 'Host'}</span>
                <span className="rules-override__name">{host?.name ?? o.name}</span>
                {host && host.name !== o.name && <span className="muted mono">{o.name}</span>}
                {o.scope === 'host' && !host && <span className="muted">(not on the board)</span>}
                <span className="muted rules-override__count">
                  {n === 0 ? 'no changes yet' : `${n} change${n === 1 ? '' : 's'}`}
                </span>
                <button
                  type="button"
                  className="button button--small button--danger-outline rules-override__remove"
                  data-testid="rule-override-remove"
                  onClick={(e) => {
                    e.preventDefault(); // a click inside <summary> would also fold it
                    setOverride(i, null);
                  }}
                >
                  Remove
                </button>
              </summary>
              <RuleLayerTable
                draft={o.layer}
                below={rulesBelow(draft, o, host?.tags ?? [])}
                path={path}
                errors={errors}
                onChange={(layer) => setOverride(i, { ...o, layer })}
                {...testProps(path, o)}
              />
            </details>
          );
        })}
        <AddOverride
          hosts={hosts}
          taken={taken}
          onAdd={(scope, name) => {
            const below = rulesBelow(draft, { scope, name, layer: draft.defaults }, []);
            onChange({
              ...draft,
              overrides: [...draft.overrides, { scope, name, layer: toLayerDraft({}, below) }],
            });
            toggle(overrideKey(scope, name), true);
          }}
        />
      </section>

      <p className="field__hint" data-testid="rules-file-note">
        In greenboard.json (below) the same rules sit under{' '}
        <code className="mono settings__code">"rules"</code>, for example{' '}
        <code className="mono settings__code">{'{"hosts": {"db-1": {"disk": {"warn": 70}}}}'}</code>. A file
        edited by hand is checked the same way when Greenboard reads it.
      </p>
    </div>
  );
}
