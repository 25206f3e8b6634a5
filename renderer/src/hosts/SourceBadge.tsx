import type { Host } from '../../../shared/schemas';
import '../settings/datasources.css';

/** Marks a host read from a Prometheus data source rather than polled by Greenboard itself. */
export function SourceBadge({ host }: { host: Host }) {
  const sourceId = host.prometheus?.sourceId;
  return (
    <span
      className="source-badge"
      data-testid="source-badge"
      title={`Read from the Prometheus source "${sourceId ?? '?'}"${host.prometheus ? ` (instance ${host.prometheus.instance}, job ${host.prometheus.job})` : ''}; its history stays in Prometheus.`}
    >
      via Prometheus{sourceId ? ` · ${sourceId}` : ''}
    </span>
  );
}
