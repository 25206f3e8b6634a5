import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useBoardSections } from '../hooks/useBoardSections';
import { useHostsStore } from '../stores/hosts';
import { useUiStore } from '../stores/ui';
import { AppHeader } from './AppHeader';
import { BoardToolbar } from './BoardToolbar';
import { HostCard } from './HostCard';
import { SummaryBar } from './SummaryBar';
import { TimeScrubber } from './TimeScrubber';
import { ErrorNotice } from './ErrorNotice';

export function BoardPage() {
  const { count, loaded, loadError } = useHostsStore(
    useShallow((s) => ({ count: s.order.length, loaded: s.loaded, loadError: s.loadError })),
  );
  const groupByTag = useUiStore((s) => s.groupByTag);
  const [query, setQuery] = useState('');
  const sections = useBoardSections(query, groupByTag);
  const shown = sections.reduce((n, s) => n + s.ids.length, 0);

  return (
    <>
      <AppHeader />
      <main className="page">
        <div className="page__title-row">
          <h1 className="page__title">Hosts</h1>
          <SummaryBar />
        </div>
        <BoardToolbar query={query} onQuery={setQuery} />
        <TimeScrubber />
        <ErrorNotice message={loadError} prefix="Could not load the board: " />
        {!loaded && !loadError && <div className="notice">Loading the board…</div>}
        {loaded && count === 0 && <div className="notice">No hosts on the board yet.</div>}
        {loaded && count > 0 && shown === 0 && (
          <div className="notice">No host name or tag contains “{query.trim()}”.</div>
        )}
        {sections.map((section) =>
          section.ids.length === 0 ? null : (
            <section
              key={section.tag ?? '\u0000untagged'}
              className="board-section"
              aria-label={groupByTag ? `Tag ${section.title}` : 'Hosts'}
              data-testid="board-section"
            >
              {groupByTag && (
                <h2 className="board-section__title">
                  {section.tag ? <span className="tag">#{section.title}</span> : section.title}
                  <span className="muted"> · {section.ids.length}</span>
                </h2>
              )}
              <div className="host-grid">
                {section.ids.map((id) => (
                  <HostCard key={id} hostId={id} />
                ))}
              </div>
            </section>
          ),
        )}
      </main>
    </>
  );
}
