import type { ReactNode } from 'react';
import { formatBytes, formatDuration, formatPct, pct } from '../../../shared/format';
import type { Sample } from '../../../shared/schemas';

interface TileProps {
  label: string;
  value: ReactNode;
  detail?: ReactNode;
  compact?: boolean;
}

function Tile({ label, value, detail, compact = false }: TileProps) {
  return (
    <div className="tile">
      <div className="tile__label">{label}</div>
      <div className={compact ? 'tile__value tile__value--compact' : 'tile__value'}>{value}</div>
      {detail != null && <div className="tile__detail">{detail}</div>}
    </div>
  );
}

function formatLoad(load: Sample['load']): string {
  return load ? load.map((l) => l.toFixed(2)).join(' / ') : '—';
}

export function StatTiles({ sample }: { sample: Sample }) {
  const { cpu, mem, swap } = sample;
  return (
    <section className="tiles" aria-label="Current values">
      <Tile label="CPU busy" value={formatPct(cpu.busyPct, 1)} detail={`${cpu.cores} cores`} />
      <Tile label="CPU iowait" value={formatPct(cpu.iowaitPct, 1)} />
      <Tile label="CPU steal" value={formatPct(cpu.stealPct, 1)} />
      <Tile
        label="Load 1 / 5 / 15 min"
        value={formatLoad(sample.load)}
        detail={`across ${cpu.cores} cores`}
        compact
      />
      <Tile
        label="Memory used"
        value={formatBytes(mem.usedBytes)}
        detail={`${formatPct(pct(mem.usedBytes, mem.totalBytes))} of ${formatBytes(mem.totalBytes)}`}
      />
      <Tile
        label="Memory available"
        value={formatBytes(mem.availableBytes)}
        detail={`of ${formatBytes(mem.totalBytes)}`}
      />
      <Tile
        label="Swap used"
        value={swap.totalBytes > 0 ? formatBytes(swap.usedBytes) : 'None'}
        detail={swap.totalBytes > 0 ? `of ${formatBytes(swap.totalBytes)}` : 'no swap configured'}
      />
      <Tile label="Uptime" value={formatDuration(sample.uptimeSec)} />
      <Tile label="Processes" value={sample.processCount.toLocaleString()} />
      <Tile label="Poll time" value={`${Math.round(sample.pollMs)} ms`} />
    </section>
  );
}
