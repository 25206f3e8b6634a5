import { useEffect, useRef } from 'react';
import type { HistoryExport } from '../../../shared/contract';
import { formatBytes } from '../../../shared/format';

const fileName = (name: string): string => name.slice(name.lastIndexOf('/') + 1);

/**
 * Browser only: the export's files as links the browser saves. A single file starts downloading
 * at once, as "Export" promised; several CSVs are offered one link each, since a browser blocks
 * a burst of downloads no click asked for.
 */
export function ExportDownloads({
  result,
  urlOf,
}: {
  result: HistoryExport;
  urlOf: (name: string) => string;
}) {
  const first = useRef<HTMLAnchorElement>(null);
  const started = useRef(false);
  const single = result.downloads.length === 1;

  useEffect(() => {
    if (!single || started.current) return;
    started.current = true;
    first.current?.click();
  }, [single]);

  return (
    <div className="field">
      <span className="field__label">
        {single ? 'Downloading to your browser’s downloads' : 'Download each file'}
      </span>
      <ul className="export-downloads" data-testid="export-downloads">
        {result.downloads.map((d, i) => (
          <li key={d.name}>
            <a
              ref={i === 0 ? first : undefined}
              className="button"
              href={urlOf(d.name)}
              download={fileName(d.name)}
              data-testid="export-download"
            >
              ↓ {fileName(d.name)}
            </a>{' '}
            <span className="field__hint">{formatBytes(d.bytes)}</span>
          </li>
        ))}
      </ul>
      {single && <span className="field__hint">If it did not start, click the file above.</span>}
    </div>
  );
}
