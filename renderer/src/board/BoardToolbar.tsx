import { useEffect, useRef, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import { STATE_META } from '../ui/healthStates';
import { useAppInfo } from '../app/useAppInfo';
import { useUiStore } from '../app/uiStore';
import { Segmented } from '../ui/Segmented';

interface Props {
  /** Hands the keyboard to the board's cards (Escape or arrow down in the search box). */
  onLeave: () => void;
}

/** Typing "/" anywhere but in a field jumps to the search box, as on GitHub and Grafana. */
function useSlashFocus(input: RefObject<HTMLInputElement | null>): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t?.closest('input, textarea, select, [contenteditable="true"], dialog')) return;
      e.preventDefault();
      input.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [input]);
}

export function BoardToolbar({ onLeave }: Props) {
  // A saved history is read-only: offer nothing that would change it.
  const reviewing = useAppInfo()?.history != null;
  const inputRef = useRef<HTMLInputElement>(null);
  const groupByTag = useUiStore((s) => s.groupByTag);
  const toggleGroup = useUiStore((s) => s.toggleGroupByTag);
  const boardView = useUiStore((s) => s.boardView);
  const setBoardView = useUiStore((s) => s.setBoardView);
  const openDialog = useUiStore((s) => s.openDialog);
  const query = useUiStore((s) => s.boardQuery);
  const onQuery = useUiStore((s) => s.setBoardQuery);
  const stateFilter = useUiStore((s) => s.stateFilter);
  const toggleStateFilter = useUiStore((s) => s.toggleStateFilter);
  useSlashFocus(inputRef);

  return (
    <div className="toolbar" role="toolbar" aria-label="Board">
      <label className="search">
        <span className="visually-hidden">Search hosts by name or tag</span>
        <span className="search__icon" aria-hidden="true">
          ⌕
        </span>
        <input
          ref={inputRef}
          className="input search__input"
          type="search"
          data-testid="board-search"
          placeholder="Search name or tag"
          value={query}
          onChange={(e) => onQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              // Render the cleared board first, so the focus lands on a card that is there.
              flushSync(() => onQuery(''));
              onLeave();
            } else if (e.key === 'ArrowDown') {
              e.preventDefault();
              onLeave();
            }
          }}
        />
        <kbd className="search__kbd" aria-hidden="true">
          /
        </kbd>
      </label>
      {stateFilter && (
        <button
          type="button"
          className={`button filter-chip state-${stateFilter}`}
          data-testid="state-filter"
          data-state={stateFilter}
          title="Show every state again"
          aria-label={`Showing only ${STATE_META[stateFilter].label.toLowerCase()} hosts: show every state`}
          onClick={() => toggleStateFilter(null)}
        >
          <span aria-hidden="true">{STATE_META[stateFilter].icon}</span>
          Only {STATE_META[stateFilter].label.toLowerCase()}
          <span className="filter-chip__clear" aria-hidden="true">
            ✕
          </span>
        </button>
      )}
      <Segmented
        label="Board view"
        testId="board-view"
        options={[
          { id: 'cards', label: 'Cards' },
          { id: 'list', label: 'List' },
        ]}
        value={boardView}
        onChange={setBoardView}
      />
      <button
        type="button"
        className="button"
        data-testid="group-by-tag"
        aria-pressed={groupByTag}
        onClick={toggleGroup}
      >
        <span aria-hidden="true">{groupByTag ? '☑' : '☐'}</span> Group by tag
      </button>
      {/* Exporting only reads, so a saved history offers it too. */}
      <button
        type="button"
        className="button"
        data-testid="export-open"
        onClick={() => openDialog({ kind: 'export' })}
      >
        Export history…
      </button>
      {!reviewing && (
        <button
          type="button"
          className="button button--primary"
          data-testid="add-host"
          onClick={() => openDialog({ kind: 'add-host' })}
        >
          + Add host
        </button>
      )}
    </div>
  );
}
