/** The time ranges the export dialog offers. */
export type RangeChoice = '24h' | '7d' | 'all' | 'custom';

export const RANGE_LABELS: Record<RangeChoice, string> = {
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  all: 'Everything stored',
  custom: 'Custom…',
};

const HOUR = 3_600_000;

/**
 * The `from`/`to` of `history:export` for a choice. "Last 24 hours" counts back from `end`: now
 * for a live board, the last sample for a saved history (whose "now" may be months ago).
 * Custom values are `<input type="datetime-local">` strings, read in local time.
 */
export function exportRange(
  choice: RangeChoice,
  end: number,
  custom: { from: string; to: string } = { from: '', to: '' },
): { from?: number; to?: number } | { error: string } {
  switch (choice) {
    case '24h':
      return { from: end - 24 * HOUR };
    case '7d':
      return { from: end - 7 * 24 * HOUR };
    case 'all':
      return {};
    case 'custom': {
      const from = custom.from ? new Date(custom.from).getTime() : undefined;
      const to = custom.to ? new Date(custom.to).getTime() : undefined;
      if (from === undefined && to === undefined) return { error: 'Give a start, an end, or both.' };
      if (Number.isNaN(from) || Number.isNaN(to)) return { error: 'That is not a date and time.' };
      if (from !== undefined && to !== undefined && from > to)
        return { error: 'The start must not be after the end.' };
      return { ...(from !== undefined && { from }), ...(to !== undefined && { to }) };
    }
  }
}
