import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { CapacityReportFile, ReportFormat } from '../../../shared/capacityReport';
import { api, errorMessage } from '../api';
import { useAppInfo } from '../app/useAppInfo';
import { RANGES } from '../charts/chartRange';
import { BusyButton } from '../ui/BusyButton';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Segmented } from '../ui/Segmented';

/** The chart presets that suit a capacity report: a day and up. */
const REPORT_RANGES = RANGES.filter(
  (r) => r.id === '24h' || r.id === '7d' || r.id === '30d' || r.id === '90d',
);
type ReportRange = (typeof REPORT_RANGES)[number]['id'];

const FORMATS: { id: ReportFormat; label: string }[] = [
  { id: 'html', label: 'HTML page' },
  { id: 'md', label: 'Markdown' },
];

/** Hands a written report to the browser as a download, as the postmortem's is. */
function download(file: CapacityReportFile): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: file.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // After the click has started the download; revoking at once can cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * "Capacity report" on the group page: a range (ending now, or at a reviewed history's end), a
 * format, and a button that has the engine write the report and downloads it.
 */
export function CapacityReport({ tag }: { tag: string }) {
  const info = useAppInfo();
  const [range, setRange] = useState<ReportRange>('30d');
  const [format, setFormat] = useState<ReportFormat>('html');
  const make = useMutation({
    mutationFn: () => {
      const spec = REPORT_RANGES.find((r) => r.id === range) ?? REPORT_RANGES[2]!;
      const end = Math.round(info?.history ? (info.dataRange?.toTs ?? Date.now()) : Date.now());
      return api.call('groups:report', { tag, fromTs: Math.max(0, end - spec.ms), toTs: end, format });
    },
    onSuccess: download,
  });
  return (
    <section aria-labelledby="capacity-report-title" data-testid="capacity-report">
      <h2 id="capacity-report-title">Capacity report</h2>
      <p className="muted">
        Peaks, 95th percentiles, growth, forecasts and headroom of every member over a range, as one file.
      </p>
      <div className="capacity-report__controls">
        <Segmented
          label="Report range"
          testId="capacity-report-range"
          options={REPORT_RANGES}
          value={range}
          onChange={setRange}
        />
        <Segmented
          label="Report format"
          testId="capacity-report-format"
          options={FORMATS}
          value={format}
          onChange={setFormat}
        />
        <BusyButton
          className="button button--primary"
          busy={make.isPending}
          busyLabel="Writing the report…"
          data-testid="capacity-report-make"
          onClick={() => make.mutate()}
        >
          Download report
        </BusyButton>
      </div>
      <ErrorNotice
        message={make.error ? `Could not write the report: ${errorMessage(make.error)}` : null}
        testId="capacity-report-error"
      />
      {make.data && !make.isPending && (
        <p className="muted" role="status" data-testid="capacity-report-done">
          Downloaded <span className="mono">{make.data.fileName}</span>: {make.data.summary}.
        </p>
      )}
    </section>
  );
}
