import { useRef, useState, type KeyboardEvent } from 'react';
import { useAppInfo } from '../app/useAppInfo';
import { useNow } from '../ui/useNow';
import { useSilences } from './useSilences';
import { windowActive } from './silenceTargets';
import { AlertLog } from './AlertLog';
import { DeliveriesPanel } from './DeliveriesPanel';
import { SectionPage } from '../app/SectionPage';
import { SilencesPanel } from './SilencesPanel';

type Tab = 'log' | 'silences' | 'deliveries';
const TABS: readonly { id: Tab; label: string }[] = [
  { id: 'log', label: 'Alert log' },
  { id: 'silences', label: 'Silences & maintenance' },
  { id: 'deliveries', label: 'Webhook deliveries' },
];

/**
 * The alert log, what is muted, and where notifications went. One tab at a time, so the
 * delivery log polls only while someone looks at it.
 */
export function AlertsPage() {
  // A saved history is read-only: its log can be searched, but nothing can be muted or sent.
  const reviewing = useAppInfo()?.history != null;
  const [tab, setTab] = useState<Tab>('log');
  const silences = useSilences();
  const now = useNow(15_000);
  const tabRefs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});
  const muted =
    (silences.data?.silences.filter((s) => s.until > now).length ?? 0) +
    (silences.data?.windows.filter((w) => windowActive(w, now)).length ?? 0);

  // Arrow keys move between tabs, as the WAI-ARIA tabs pattern expects.
  const onTabKey = (e: KeyboardEvent): void => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const i = TABS.findIndex((t) => t.id === tab);
    const next = TABS[(i + step + TABS.length) % TABS.length];
    if (!next) return;
    setTab(next.id);
    tabRefs.current[next.id]?.focus();
  };

  return (
    <>
      <SectionPage title="Alerts" className="alerts-page" testId="alerts-page">
        <div className="alerts-tabs" role="tablist" aria-label="Alerts" onKeyDown={onTabKey}>
          {TABS.map((t) => (
            <button
              key={t.id}
              ref={(el) => {
                tabRefs.current[t.id] = el;
              }}
              type="button"
              role="tab"
              id={`alerts-tab-${t.id}`}
              aria-controls={`alerts-panel-${t.id}`}
              aria-selected={tab === t.id}
              tabIndex={tab === t.id ? 0 : -1}
              className="alerts-tabs__tab"
              data-testid={`alerts-tab-${t.id}`}
              onClick={() => setTab(t.id)}
            >
              {t.label}
              {t.id === 'silences' && muted > 0 && (
                <span className="alerts-tabs__count" aria-label={`${muted} active`}>
                  {muted}
                </span>
              )}
            </button>
          ))}
        </div>
        <div
          className="alerts-tabpanel"
          role="tabpanel"
          id={`alerts-panel-${tab}`}
          aria-labelledby={`alerts-tab-${tab}`}
        >
          {tab === 'log' && <AlertLog />}
          {tab === 'silences' && <SilencesPanel silences={silences} readOnly={reviewing} />}
          {tab === 'deliveries' && <DeliveriesPanel readOnly={reviewing} />}
        </div>
      </SectionPage>
    </>
  );
}
