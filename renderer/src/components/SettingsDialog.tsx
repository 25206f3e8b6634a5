import { useEffect, useId, useState, type FormEvent } from 'react';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/schemas';
import { api, errorMessage } from '../api';
import { useAppInfo } from '../hooks/useAppInfo';
import { ErrorNotice } from './ErrorNotice';
import { Modal } from './Modal';
import { BusyButton } from './BusyButton';

type Tier = keyof Settings['retentionDays'];

/** The form as typed: strings, so a half-typed "0." or an empty field is not coerced away. */
type Draft = { intervalS: string } & Record<Tier, string>;

const DEFAULTS: Settings = DEFAULT_SETTINGS;

const TIERS: { tier: Tier; label: string; hint: string }[] = [
  { tier: 'raw', label: 'Raw polls', hint: 'Time travel, and charts up to a day or so.' },
  { tier: '1m', label: '1-minute summaries', hint: 'Charts up to about two weeks.' },
  { tier: '15m', label: '15-minute summaries', hint: 'Charts up to 90 days.' },
  { tier: '1h', label: '1-hour summaries', hint: 'Charts over years.' },
];

const MIN_INTERVAL_S = 0.25;
const MAX_INTERVAL_S = 3600;

function toDraft(s: Settings): Draft {
  return {
    intervalS: String(s.localIntervalMs / 1000),
    raw: String(s.retentionDays.raw),
    '1m': String(s.retentionDays['1m']),
    '15m': String(s.retentionDays['15m']),
    '1h': String(s.retentionDays['1h']),
  };
}

function parseNumber(text: string, what: string): number | { error: string } {
  const trimmed = text.trim();
  const n = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(n)) return { error: `Enter a number for ${what}.` };
  return n;
}

/**
 * Catches what the engine would reject in unhelpful terms (empty fields, and the interval, which
 * it checks in milliseconds); range and order of the retention tiers are left to the engine.
 */
function fromDraft(d: Draft): Settings | { error: string } {
  const seconds = parseNumber(d.intervalS, 'the poll interval');
  if (typeof seconds !== 'number') return seconds;
  if (seconds < MIN_INTERVAL_S || seconds > MAX_INTERVAL_S)
    return { error: `Poll this machine every ${MIN_INTERVAL_S} to ${MAX_INTERVAL_S} seconds.` };
  const retention = { ...DEFAULTS.retentionDays };
  for (const { tier, label } of TIERS) {
    const days = parseNumber(d[tier], `how long to keep ${label.toLowerCase()}`);
    if (typeof days !== 'number') return days;
    retention[tier] = days;
  }
  return { localIntervalMs: Math.round(seconds * 1000), retentionDays: retention };
}

/**
 * The engine's validation message without the transport's framing: "Invalid input for
 * settings:set: retentionDays: each coarser tier…" reads as "Each coarser tier…".
 */
function engineMessage(message: string): string {
  const bare = message
    .replace(/^Invalid input for settings:set: /, '')
    .replace(/(^|; )retentionDays[.\w]*: /g, '$1');
  return bare.charAt(0).toUpperCase() + bare.slice(1);
}

/** Where the engine writes settings, in the data folder's own path style. */
function configPath(dataDir: string): string {
  const sep = dataDir.includes('\\') && !dataDir.includes('/') ? '\\' : '/';
  return `${dataDir.replace(/[\\/]+$/, '')}${sep}greenboard.json`;
}

function NumberField({
  label,
  unit,
  hint,
  value,
  testId,
  onChange,
}: {
  label: string;
  unit: string;
  hint: string;
  value: string;
  testId: string;
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <span className="input-unit">
        <input
          id={id}
          className="input input-unit__input"
          type="number"
          inputMode="decimal"
          step="any"
          data-testid={testId}
          value={value}
          aria-describedby={`${id}-unit ${id}-hint`}
          onChange={(e) => onChange(e.target.value)}
        />
        <span id={`${id}-unit`} className="input-unit__unit">
          {unit}
        </span>
      </span>
      <span id={`${id}-hint`} className="field__hint">
        {hint}
      </span>
    </div>
  );
}

/**
 * The engine's settings (local poll interval, how long each history tier is kept), saved by the
 * engine to greenboard.json in the data folder. Read-only while a saved history is under review:
 * the engine refuses settings:set there, and the values shown are only its defaults.
 */
export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const info = useAppInfo();
  const reviewing = info?.history != null;
  const [draft, setDraft] = useState<Draft | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    api.call('settings:get', {}).then(
      (s) => !cancelled && setDraft(toDraft(s)),
      (err: unknown) => !cancelled && setLoadError(errorMessage(err)),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const set = (key: keyof Draft, value: string): void => {
    setDraft((d) => d && { ...d, [key]: value });
    setError(null);
  };

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!draft) return;
    const next = fromDraft(draft);
    if ('error' in next) return setError(next.error);
    setBusy(true);
    setError(null);
    try {
      await api.call('settings:set', next);
      onClose();
    } catch (err) {
      setError(engineMessage(errorMessage(err)));
      setBusy(false);
    }
  };

  const d = DEFAULTS.retentionDays;
  return (
    <Modal title="Settings" testId="settings-dialog" onClose={onClose}>
      {reviewing && (
        <p className="notice settings__note" data-testid="settings-read-only">
          This is a saved history, open for review: nothing in it can be changed. Settings apply to the live
          board.
        </p>
      )}
      <ErrorNotice message={loadError} prefix="Could not load settings: " testId="settings-load-error" />
      {!draft && !loadError && <p className="muted">Loading settings…</p>}
      {draft && (
        <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-busy={busy}>
          <fieldset className="choices" disabled={reviewing || busy}>
            <NumberField
              label="Poll this machine every"
              unit="seconds"
              hint={`${MIN_INTERVAL_S} to ${MAX_INTERVAL_S}; default ${DEFAULTS.localIntervalMs / 1000}. Each SSH host has its own interval.`}
              value={draft.intervalS}
              testId="settings-interval"
              onChange={(v) => set('intervalS', v)}
            />
          </fieldset>

          <fieldset className="choices" disabled={reviewing || busy}>
            <legend className="settings__legend">Keep history</legend>
            <div className="form__grid">
              {TIERS.map(({ tier, label, hint }) => (
                <NumberField
                  key={tier}
                  label={label}
                  unit="days"
                  hint={`${hint} Default ${d[tier]}.`}
                  value={draft[tier]}
                  testId={`settings-retention-${tier}`}
                  onChange={(v) => set(tier, v)}
                />
              ))}
            </div>
            <span className="field__hint">
              Fractions of a day are fine (0.5 = 12 hours). Each tier must be kept at least as long as the one
              before it.
            </span>
          </fieldset>

          {info && (
            <p className="field__hint" data-testid="settings-file">
              Saved to <span className="mono settings__path">{configPath(info.dataDir)}</span>
            </p>
          )}

          <ErrorNotice message={error} testId="settings-error" />
          <div className="modal__actions">
            {!reviewing && (
              <button
                type="button"
                className="button modal__actions-start"
                data-testid="settings-defaults"
                disabled={busy}
                onClick={() => {
                  setDraft(toDraft(DEFAULTS));
                  setError(null);
                }}
              >
                Restore defaults
              </button>
            )}
            <button type="button" className="button" onClick={onClose}>
              {reviewing ? 'Close' : 'Cancel'}
            </button>
            {!reviewing && (
              <BusyButton
                type="submit"
                className="button button--primary"
                data-testid="settings-save"
                busy={busy}
                busyLabel="Saving…"
              >
                Save
              </BusyButton>
            )}
          </div>
        </form>
      )}
    </Modal>
  );
}
