import { useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { STATE_META } from '../ui/healthStates';
import { useBoardSections } from './useBoardSections';
import { useHostsStore } from '../hosts/hostsStore';
import { useUiStore } from '../app/uiStore';
import { AppHeader } from '../app/AppHeader';
import { BoardGrid, type BoardGridHandle } from './BoardGrid';
import { BoardToolbar } from './BoardToolbar';
import { ErrorNotice } from '../ui/ErrorNotice';
import { ProbeSection } from '../probes/ProbeSection';
import { GroupSection } from '../groups/GroupSection';
import { SummaryBar } from './SummaryBar';
import { TimeScrubber } from '../timeTravel/TimeScrubber';
import { PastBanner } from '../timeTravel/PastBanner';

export function BoardPage() {
  const { count, loaded, loadError } = useHostsStore(
    useShallow((s) => ({ count: s.order.length, loaded: s.loaded, loadError: s.loadError })),
  );
  const { groupByTag, boardView, query, stateFilter, clearFilter } = useUiStore(
    useShallow((s) => ({
      groupByTag: s.groupByTag,
      boardView: s.boardView,
      query: s.boardQuery,
      stateFilter: s.stateFilter,
      clearFilter: s.toggleStateFilter,
    })),
  );
  const sections = useBoardSections(query, stateFilter, groupByTag);
  const grid = useRef<BoardGridHandle>(null);
  const q = query.trim();

  return (
    <>
      <AppHeader />
      <main className="page">
        <div className="page__title-row">
          <h1 className="page__title">Hosts</h1>
          <SummaryBar />
        </div>
        {/* One row on a wide window: the hosts start higher, so more of them fit above the fold. */}
        <div className="board-controls">
          <BoardToolbar onLeave={() => grid.current?.focus()} />
          <TimeScrubber />
        </div>
        <PastBanner />
        <ErrorNotice message={loadError} prefix="Could not load the board: " />
        {!loaded && !loadError && <div className="notice">Loading the board…</div>}
        {loaded && count === 0 && <div className="notice">No hosts on the board yet.</div>}
        {loaded && count > 0 && sections.length === 0 && (
          <div className="notice" data-testid="board-empty">
            {stateFilter
              ? `No host is ${STATE_META[stateFilter].label.toLowerCase()}${q ? ` with “${q}” in its name or tags` : ' right now'}. `
              : `No host name or tag contains “${q}”. `}
            {stateFilter && (
              <button type="button" className="button button--small" onClick={() => clearFilter(null)}>
                Show every state
              </button>
            )}
          </div>
        )}
        <BoardGrid ref={grid} sections={sections} groupByTag={groupByTag} view={boardView} />
        <GroupSection />
        <ProbeSection />
      </main>
    </>
  );
}
