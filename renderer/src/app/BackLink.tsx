import { BOARD_HREF, INCIDENTS_HREF } from './useRoute';

const TARGETS = {
  board: { href: BOARD_HREF, label: 'Board' },
  incidents: { href: INCIDENTS_HREF, label: 'Incidents' },
} as const;

/** The header's way back, worded after the page it leads to, the same on every page. */
export function BackLink({ to }: { to: keyof typeof TARGETS }) {
  const t = TARGETS[to];
  return (
    <a className="back-link" href={t.href} data-testid="back-link">
      <span aria-hidden="true">← </span>
      {t.label}
    </a>
  );
}
