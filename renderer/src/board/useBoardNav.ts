import {
  useCallback,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import type { BoardSection } from './boardSections';
import { isNavKey, moveCell, type Cell } from './gridNav';
import { useUiStore } from '../app/uiStore';

/** A card's place on the board: a host shows once per tag when grouped, so the id alone is not enough. */
export function cellKey(sectionKey: string, hostId: string): string {
  return `${sectionKey}/${hostId}`;
}

interface Args {
  sections: readonly BoardSection[];
  sizes: readonly number[];
  columns: number;
  pageRows: number;
  container: RefObject<HTMLElement | null>;
  /** False until the grid knows its width and has laid out its cards. */
  ready: boolean;
}

export interface BoardNav {
  /** The card that has, or would get, the keyboard focus; null on an empty board. */
  cell: Cell | null;
  activeKey: string | null;
  onKeyDown: (e: KeyboardEvent<HTMLElement>) => void;
  onFocus: (e: FocusEvent<HTMLElement>) => void;
  onBlur: (e: FocusEvent<HTMLElement>) => void;
  /** Puts the focus on the active card (from the search box: Escape, arrow down). */
  focusGrid: () => void;
}

function cardOf(container: HTMLElement | null, key: string | null): HTMLElement | null {
  if (!container || key === null) return null;
  return container.querySelector<HTMLElement>(`[data-cell="${CSS.escape(key)}"]`);
}

function headerOf(container: HTMLElement | null, sectionKey: string): HTMLElement | null {
  return container?.querySelector<HTMLElement>(`[data-key="${CSS.escape(`${sectionKey}#h`)}"]`) ?? null;
}

/**
 * Keyboard navigation of the virtualized board: a roving focus (one card in the tab order),
 * arrow keys across the grid, Escape to clear the search or filter. The focused card follows
 * its host when the board re-sorts, and the board returns to it after visiting a host page.
 */
export function useBoardNav({ sections, sizes, columns, pageRows, container, ready }: Args): BoardNav {
  // Where the focus is, by host: positions change as hosts change state, hosts do not.
  const [target, setTarget] = useState<{ section: string | null; id: string } | null>(() => {
    const id = useUiStore.getState().boardFocus;
    return id ? { section: null, id } : null;
  });
  // Scroll to and focus the active card after the next commit ('center' on the way back to the board).
  const reveal = useRef<ScrollLogicalPosition | null>(target ? 'center' : null);
  const focused = useRef<HTMLElement | null>(null);

  const cell = useMemo((): Cell | null => {
    if (sections.length === 0) return null;
    if (target) {
      const section = sections.findIndex(
        (s) => (target.section === null || s.key === target.section) && s.ids.includes(target.id),
      );
      const found = section >= 0 ? section : sections.findIndex((s) => s.ids.includes(target.id));
      if (found >= 0) return { section: found, index: sections[found]?.ids.indexOf(target.id) ?? 0 };
    }
    return { section: 0, index: 0 };
  }, [sections, target]);

  const section = cell ? sections[cell.section] : undefined;
  const activeId = cell ? section?.ids[cell.index] : undefined;
  const activeKey = section && activeId !== undefined ? cellKey(section.key, activeId) : null;

  useLayoutEffect(() => {
    if (!ready) return;
    const root = container.current;
    const mode = reveal.current;
    if (mode) {
      reveal.current = null;
      const card = cardOf(root, activeKey);
      card?.focus({ preventScroll: true });
      if (cell?.section === 0 && cell.index === 0) {
        window.scrollTo({ top: 0 }); // the first card: show the summary and toolbar above it too
      } else {
        // A section's first row: bring its title along, rather than leaving it under the header.
        if (cell && section && cell.index < columns)
          headerOf(root, section.key)?.scrollIntoView({ block: 'nearest' });
        card?.scrollIntoView({ block: mode });
      }
      return;
    }
    // The focused card was re-rendered elsewhere (its host changed state) or filtered away.
    const lost = focused.current;
    const nowhere = document.activeElement === null || document.activeElement === document.body;
    if (lost && !lost.isConnected && nowhere) {
      focused.current = null;
      (cardOf(root, activeKey) ?? root)?.focus({ preventScroll: true });
    }
  });

  const onKeyDown = (e: KeyboardEvent<HTMLElement>): void => {
    const t = e.target as HTMLElement;
    if (t.dataset.cell === undefined && t !== container.current) return;
    if (e.key === 'Escape') {
      const ui = useUiStore.getState();
      if (ui.boardQuery) ui.setBoardQuery('');
      else if (ui.stateFilter) ui.toggleStateFilter(null);
      return;
    }
    if (!isNavKey(e.key) || e.altKey || e.ctrlKey || e.metaKey || !cell) return;
    e.preventDefault();
    const next = moveCell(sizes, columns, cell, e.key, pageRows);
    const s = sections[next.section];
    const id = s?.ids[next.index];
    if (!s || id === undefined) return;
    reveal.current = 'nearest';
    setTarget({ section: s.key, id }); // a new object even at an edge, so the reveal runs
  };

  const onFocus = (e: FocusEvent<HTMLElement>): void => {
    const t = e.target;
    const key = t.dataset.cell;
    const id = t.dataset.hostId;
    if (key === undefined || id === undefined) return;
    focused.current = t;
    const sectionKey = key.slice(0, key.length - id.length - 1);
    if (key !== activeKey) setTarget({ section: sectionKey, id });
    useUiStore.getState().setBoardFocus(id);
  };

  const onBlur = (e: FocusEvent<HTMLElement>): void => {
    const t = e.target;
    // Decide after the DOM settles: a card that was removed keeps its claim to the focus.
    queueMicrotask(() => {
      if (focused.current === t && t.isConnected) focused.current = null;
    });
  };

  const focusGrid = useCallback(() => {
    const root = container.current;
    const card = cardOf(root, activeKey);
    (card ?? root)?.focus({ preventScroll: true });
    card?.scrollIntoView({ block: 'nearest' });
  }, [container, activeKey]);

  return { cell, activeKey, onKeyDown, onFocus, onBlur, focusGrid };
}
