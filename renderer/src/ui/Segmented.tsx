import type { ReactNode } from 'react';

export interface SegmentedOption<T> {
  id: T;
  label: ReactNode;
  /** A test id for this button alone. */
  testId?: string;
}

interface Props<T> {
  /** What the choice is about, for screen readers ("Time range"). */
  label: string;
  options: readonly SegmentedOption<T>[];
  value: T;
  onChange: (id: T) => void;
  testId?: string;
}

/** One choice among a few, as a row of pressed/unpressed buttons (ranges, views, formats). */
export function Segmented<T extends string | number | boolean>({
  label,
  options,
  value,
  onChange,
  testId,
}: Props<T>) {
  return (
    <div className="segmented" role="group" aria-label={label} data-testid={testId}>
      {options.map((o) => (
        <button
          key={String(o.id)}
          type="button"
          className="segmented__button"
          aria-pressed={value === o.id}
          data-value={String(o.id)}
          data-testid={o.testId}
          onClick={() => onChange(o.id)}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
