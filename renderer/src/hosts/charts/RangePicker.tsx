import { RANGES, toLocalInput, type RangeId, type TimeWindow } from '../../charts/chartRange';
import { Segmented } from '../../ui/Segmented';

interface Props {
  value: RangeId;
  onChange: (id: RangeId) => void;
  /** Live is left out when reviewing a saved history: nothing new will arrive. */
  offerLive: boolean;
  custom: TimeWindow | null;
  onCustomChange: (span: TimeWindow) => void;
}

/** The time range every chart on the host page shows. */
export function RangePicker({ value, onChange, offerLive, custom, onCustomChange }: Props) {
  return (
    <div className="range-picker">
      <Segmented
        label="Time range"
        testId="range-picker"
        options={RANGES.filter((r) => offerLive || r.id !== 'live')}
        value={value}
        onChange={onChange}
      />
      {value === 'custom' && custom && (
        <div className="chart__custom" data-testid="custom-range">
          <label>
            From{' '}
            <input
              type="datetime-local"
              value={toLocalInput(custom.from)}
              onChange={(e) => {
                const from = new Date(e.target.value).getTime();
                if (Number.isFinite(from) && from < custom.to) onCustomChange({ ...custom, from });
              }}
            />
          </label>
          <label>
            To{' '}
            <input
              type="datetime-local"
              value={toLocalInput(custom.to)}
              onChange={(e) => {
                const to = new Date(e.target.value).getTime();
                if (Number.isFinite(to) && to > custom.from) onCustomChange({ ...custom, to });
              }}
            />
          </label>
        </div>
      )}
    </div>
  );
}
