import { useState } from 'react';
import type { HistoryExport } from '../../../shared/contract';
import { formatBytes, formatTime } from '../../../shared/format';
import { errorMessage, exportDownloadUrl, saveExportAs } from '../api';
import { ErrorNotice } from '../ui/ErrorNotice';
import { ExportDownloads } from './ExportDownloads';

const when = (ts: number | null): string => (ts === null ? '—' : formatTime(ts));

/** Copies text, falling back to a selected textarea where the Clipboard API is unavailable. */
async function copyText(text: string): Promise<void> {
  if (navigator.clipboard) return navigator.clipboard.writeText(text);
  const area = document.createElement('textarea');
  area.value = text;
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('The browser refused to copy; select the path and copy it by hand.');
}

/**
 * What an export wrote: in a browser, downloads of its files (the server's path stays for the
 * person who runs it); in the desktop app, the path with "Copy path" and "Save as…".
 */
export function ExportResult({ result, onClose }: { result: HistoryExport; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  const [savedTo, setSavedTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const what = result.format === 'sqlite' ? 'History file' : `Folder of ${result.files.length} CSV file(s)`;

  const copy = (): void => {
    setError(null);
    copyText(result.path).then(
      () => setCopied(true),
      (err: unknown) => setError(errorMessage(err)),
    );
  };
  const saveAs = (save: NonNullable<typeof saveExportAs>): void => {
    setError(null);
    save(result.path).then(
      (to) => to && setSavedTo(to),
      (err: unknown) => setError(errorMessage(err)),
    );
  };

  return (
    <div className="form" data-testid="export-result" data-format={result.format}>
      <p>
        {result.values.toLocaleString()} values from {result.hosts.length} host(s) (
        <span data-testid="export-hosts">{result.hostNames.join(', ')}</span>), {when(result.fromTs)} →{' '}
        {when(result.toTs)}, {formatBytes(result.bytes)}.
      </p>
      {exportDownloadUrl && <ExportDownloads result={result} urlOf={exportDownloadUrl} />}
      <div className="field">
        <span className="field__label">{exportDownloadUrl ? `${what}, kept on the server` : what}</span>
        <code className="export-path" data-testid="export-path">
          {result.path}
        </code>
        {result.format === 'sqlite' && (
          <span className="field__hint">
            {saveExportAs
              ? 'Review it with File → Open history…, or greenboard serve --history FILE.'
              : 'Review it with greenboard serve --history FILE.'}
          </span>
        )}
      </div>
      {savedTo && (
        <p className="muted" role="status" data-testid="export-saved-to">
          Saved a copy to <code>{savedTo}</code>
        </p>
      )}
      <ErrorNotice message={error} />
      <div className="modal__actions">
        <button type="button" className="button" data-testid="export-copy" onClick={copy}>
          {copied ? '✓ Copied' : 'Copy path'}
        </button>
        {saveExportAs && (
          <button
            type="button"
            className="button"
            data-testid="export-save-as"
            onClick={() => saveExportAs && saveAs(saveExportAs)}
          >
            Save as…
          </button>
        )}
        <button type="button" className="button button--primary" data-testid="export-done" onClick={onClose}>
          Done
        </button>
      </div>
    </div>
  );
}
