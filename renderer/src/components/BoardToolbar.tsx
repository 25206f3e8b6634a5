import { useEffect, useRef, type RefObject } from 'react';
import { useUiStore } from '../stores/ui';
import { useAppInfo } from '../hooks/useAppInfo';

interface Props {
  query: string;
  onQuery: (query: string) => void;
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

export function BoardToolbar({ query, onQuery }: Props) {
  // A saved history is read-only: offer nothing that would change it.
  const reviewing = useAppInfo()?.history != null;
  const inputRef = useRef<HTMLInputElement>(null);
  const groupByTag = useUiStore((s) => s.groupByTag);
  const toggleGroup = useUiStore((s) => s.toggleGroupByTag);
  const openDialog = useUiStore((s) => s.openDialog);
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
            if (e.key === 'Escape') onQuery('');
          }}
        />
        <kbd className="search__kbd" aria-hidden="true">
          /
        </kbd>
      </label>
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
