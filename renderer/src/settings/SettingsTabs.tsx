import type { KeyboardEvent } from 'react';

export type SettingsTab = 'general' | 'rules' | 'notify' | 'plan' | 'sources';

const TABS: { tab: SettingsTab; label: string }[] = [
  { tab: 'general', label: 'General' },
  { tab: 'rules', label: 'Alert rules' },
  { tab: 'notify', label: 'Notifications' },
  { tab: 'plan', label: 'Incident plan' },
  { tab: 'sources', label: 'Data sources' },
];

interface Props {
  /** Prefix of the tab ids; the panel is `<idPrefix>-panel`. */
  idPrefix: string;
  tab: SettingsTab;
  /** Tabs whose fields the last save attempt refused get a red dot. */
  hasErrors: (tab: SettingsTab) => boolean;
  onSelect: (tab: SettingsTab) => void;
}

/**
 * The Settings dialog's sections, as an ARIA tab list: arrow keys move between tabs and only the
 * selected one is in the Tab order.
 * https://www.w3.org/WAI/ARIA/apg/patterns/tabs/
 */
export function SettingsTabs({ idPrefix, tab, hasErrors, onSelect }: Props) {
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    e.preventDefault();
    const i = TABS.findIndex((t) => t.tab === tab);
    const next = TABS[(i + step + TABS.length) % TABS.length];
    if (next) {
      onSelect(next.tab);
      document.getElementById(`${idPrefix}-${next.tab}`)?.focus();
    }
  };

  return (
    <div className="settings-tabs" role="tablist" aria-label="Settings sections" onKeyDown={onKeyDown}>
      {TABS.map(({ tab: t, label }) => (
        <button
          key={t}
          id={`${idPrefix}-${t}`}
          type="button"
          role="tab"
          className={`settings-tab${hasErrors(t) ? ' settings-tab--error' : ''}`}
          aria-selected={tab === t}
          aria-controls={tab === t ? `${idPrefix}-panel` : undefined}
          tabIndex={tab === t ? 0 : -1}
          data-testid={`settings-tab-${t}`}
          onClick={() => onSelect(t)}
        >
          {label}
          {hasErrors(t) && <span className="visually-hidden"> (has errors)</span>}
        </button>
      ))}
    </div>
  );
}
