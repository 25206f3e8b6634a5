import { formatBytes, formatPct } from '../../../shared/format';
import type { DiskUsage } from '../../../shared/schemas';
import { UsageBar } from './UsageBar';

export function DisksTable({ disks }: { disks: readonly DiskUsage[] }) {
  return (
    <section className="panel" aria-labelledby="disks-title">
      <h2 className="panel__title" id="disks-title">
        Disks
      </h2>
      {disks.length === 0 ? (
        <p className="muted">No disks reported.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Mount</th>
              <th scope="col">File system</th>
              <th scope="col" className="num">
                Used / total
              </th>
              <th scope="col" className="usage-col">
                Used
              </th>
              <th scope="col" className="num" title="Share of the file system's inodes (files) in use">
                Inodes
              </th>
            </tr>
          </thead>
          <tbody>
            {disks.map((d) => (
              <tr key={d.mount}>
                <td className="mono">{d.mount}</td>
                <td className="muted">{d.fs}</td>
                <td className="num">
                  {formatBytes(d.usedBytes)} / {formatBytes(d.totalBytes)}
                </td>
                <td className="usage-col">
                  <span className="usage">
                    <UsageBar pct={d.usedPct} />
                    <span className="num">{formatPct(d.usedPct)}</span>
                  </span>
                </td>
                <td
                  className="num"
                  data-testid="disk-inodes"
                  title={
                    d.inodesUsedPct == null
                      ? 'No inode limit on this file system, or not reported'
                      : undefined
                  }
                >
                  {formatPct(d.inodesUsedPct)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
