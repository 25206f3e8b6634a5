import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { HistoryExport } from '../../../shared/contract';
import { api, errorMessage, saveExportAs } from '../api';
import { exportRange, RANGE_LABELS, type RangeChoice } from './exportRange';
import { useAppInfo } from '../app/useAppInfo';
import { useHostsStore } from '../hosts/hostsStore';
import { ErrorNotice } from '../ui/ErrorNotice';
import { ExportResult } from './ExportResult';
import { Modal } from '../ui/Modal';
import { BusyButton } from '../ui/BusyButton';

type Format = HistoryExport['format'];

const FORMATS: { value: Format; label: string; hint: string }[] = [
  {
    value: 'sqlite',
    label: 'History file (.sqlite)',
    // The menu exists only in the desktop app; a browser's user reviews it with the server.
    hint: saveExportAs
      ? 'Opens in Greenboard: File → Open history…'
      : 'Opens with greenboard serve --history FILE',
  },
  { value: 'csv', label: 'CSV, one file per host', hint: 'time, metric, labels, value; for spreadsheets' },
];

/**
 * Export history from the UI: the same export as `greenboard export`, written by the engine into
 * the exports folder under its data folder. Works on a saved history too (it only reads).
 */
export function ExportDialog({ onClose }: { onClose: () => void }) {
  const info = useAppInfo();
  // Ids and names only: a selector returning fresh objects would re-render on every sample.
  const ids = useHostsStore(useShallow((s) => s.order));
  const names = useHostsStore(useShallow((s) => s.order.map((id) => s.byId[id]?.host.name ?? id)));
  const hosts = ids.map((id, i) => ({ id, name: names[i] ?? id }));
  const [format, setFormat] = useState<Format>('sqlite');
  const [range, setRange] = useState<RangeChoice>('24h');
  const [custom, setCustom] = useState({ from: '', to: '' });
  const [allHosts, setAllHosts] = useState(true);
  const [chosen, setChosen] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<HistoryExport | null>(null);

  const toggleHost = (id: string): void =>
    setChosen((c) => (c.includes(id) ? c.filter((h) => h !== id) : [...c, id]));

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    // A saved history's "last 24 hours" ends at its last sample, not today.
    const span = exportRange(range, info?.history?.toTs ?? Date.now(), custom);
    if ('error' in span) return setError(span.error);
    if (!allHosts && chosen.length === 0) return setError('Choose at least one host, or export all hosts.');
    setBusy(true);
    setError(null);
    try {
      setResult(
        await api.call('history:export', { format, ...span, ...(allHosts ? {} : { hostIds: chosen }) }),
      );
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (result)
    return (
      <Modal title="History exported" testId="export-dialog" onClose={onClose}>
        <ExportResult result={result} onClose={onClose} />
      </Modal>
    );

  return (
    <Modal title="Export history" testId="export-dialog" onClose={onClose}>
      <form className="form" onSubmit={(e) => void submit(e)} aria-busy={busy}>
        <fieldset className="choices">
          <legend className="field__label">Format</legend>
          {FORMATS.map((f) => (
            <label key={f.value} className="choice">
              <input
                type="radio"
                name="export-format"
                value={f.value}
                data-testid={`export-format-${f.value}`}
                checked={format === f.value}
                onChange={() => setFormat(f.value)}
              />
              <span>
                {f.label} <span className="field__hint">· {f.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>

        <label className="field">
          <span className="field__label">Time range</span>
          <select
            className="input"
            data-testid="export-range"
            value={range}
            onChange={(e) => setRange(e.target.value as RangeChoice)}
          >
            {(Object.keys(RANGE_LABELS) as RangeChoice[]).map((r) => (
              <option key={r} value={r}>
                {RANGE_LABELS[r]}
              </option>
            ))}
          </select>
          {info?.history && range !== 'custom' && range !== 'all' && (
            <span className="field__hint">Counted back from the last sample in this history.</span>
          )}
        </label>
        {range === 'custom' && (
          <div className="form__grid">
            {(['from', 'to'] as const).map((end) => (
              <label key={end} className="field">
                <span className="field__label">{end === 'from' ? 'From' : 'To'}</span>
                <input
                  className="input"
                  type="datetime-local"
                  data-testid={`export-${end}`}
                  value={custom[end]}
                  onChange={(e) => setCustom((c) => ({ ...c, [end]: e.target.value }))}
                />
              </label>
            ))}
          </div>
        )}

        <fieldset className="choices">
          <legend className="field__label">Hosts</legend>
          <label className="choice">
            <input
              type="radio"
              name="export-hosts"
              data-testid="export-all-hosts"
              checked={allHosts}
              onChange={() => setAllHosts(true)}
            />
            <span>All hosts</span>
          </label>
          <label className="choice">
            <input
              type="radio"
              name="export-hosts"
              data-testid="export-some-hosts"
              checked={!allHosts}
              onChange={() => setAllHosts(false)}
            />
            <span>Only these:</span>
          </label>
          {!allHosts && (
            <ul className="choices__list" aria-label="Hosts to export">
              {hosts.map((h) => (
                <li key={h.id}>
                  <label className="choice">
                    <input
                      type="checkbox"
                      data-testid="export-host"
                      data-host-id={h.id}
                      checked={chosen.includes(h.id)}
                      onChange={() => toggleHost(h.id)}
                    />
                    <span>{h.name}</span>
                  </label>
                </li>
              ))}
            </ul>
          )}
        </fieldset>

        <ErrorNotice message={error} testId="export-error" />
        <div className="modal__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <BusyButton
            type="submit"
            className="button button--primary"
            data-testid="export-submit"
            busy={busy}
            busyLabel="Exporting…"
          >
            Export
          </BusyButton>
        </div>
      </form>
    </Modal>
  );
}
