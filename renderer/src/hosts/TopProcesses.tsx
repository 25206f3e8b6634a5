import { useState } from 'react';
import { formatBytes, formatPct } from '../../../shared/format';
import { useTopProcesses, type ProcessSort } from './useTopProcesses';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Segmented } from '../ui/Segmented';

const SORTS: { value: ProcessSort; label: string }[] = [
  { value: 'cpu', label: 'CPU' },
  { value: 'memory', label: 'Memory' },
];

export function TopProcesses({ hostId }: { hostId: string }) {
  const [by, setBy] = useState<ProcessSort>('cpu');
  const { rows, error, loading } = useTopProcesses(hostId, by);

  return (
    <section className="panel panel--wide" aria-labelledby="procs-title">
      <div className="panel__header">
        <h2 className="panel__title" id="procs-title">
          Top processes
        </h2>
        <Segmented
          label="Sort processes by"
          options={SORTS.map((s) => ({ id: s.value, label: s.label }))}
          value={by}
          onChange={setBy}
        />
      </div>
      <ErrorNotice message={error} prefix="Could not list processes: " />
      {loading && <p className="muted">Loading processes…</p>}
      {rows && rows.length === 0 && <p className="muted">No processes reported.</p>}
      {rows && rows.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col" className="num">
                PID
              </th>
              <th scope="col">Name</th>
              <th scope="col">User</th>
              <th scope="col" className="num">
                CPU
              </th>
              <th scope="col" className="num">
                Memory
              </th>
              <th scope="col" className="num">
                RSS
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.pid} data-testid="process-row">
                <td className="num muted">{p.pid}</td>
                <td className="truncate" title={p.command || p.name}>
                  {p.name}
                </td>
                <td className="muted truncate">{p.user}</td>
                <td className={`num${by === 'cpu' ? ' strong' : ''}`}>{formatPct(p.cpuPct, 1)}</td>
                <td className={`num${by === 'memory' ? ' strong' : ''}`}>{formatPct(p.memPct, 1)}</td>
                <td className="num">{formatBytes(p.memRssBytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
