import { memo, useImperativeHandle, useMemo, useRef, type Ref } from 'react';
import type { BoardSection } from './boardSections';
import { buildGrid, columnsFor, GRID_GAP, offsetsOf, rangeIn, rowItemOf, type GridItem } from './gridLayout';
import { cellKey, useBoardNav } from './useBoardNav';
import { useMeasuredHeights } from './useMeasuredHeights';
import { useWindowView } from './useWindowView';
import { perfNaive } from './boardPerf';
import type { BoardView } from '../app/uiStore';
import { HostCard } from '../hosts/HostCard';
import { HostRow } from '../hosts/HostRow';

export interface BoardGridHandle {
  /** Moves the keyboard focus to the board's active card. */
  focus: () => void;
}

interface Props {
  sections: readonly BoardSection[];
  groupByTag: boolean;
  /** Cards in a responsive grid, or one row per host. */
  view?: BoardView;
  ref?: Ref<BoardGridHandle>;
}

/** Rendered beyond the window each way, so a fast scroll or a keypress rarely shows a gap. */
const OVERSCAN_PX = 600;
/** Until an item has been measured. */
const HEADER_ESTIMATE = 48;
const ROW_ESTIMATE = 320;
/** Space under a list row: rows sit close, like a table's. */
const LIST_GAP = 2;

function rowEstimate(heights: ReadonlyMap<string, number>): number {
  let sum = 0;
  let n = 0;
  for (const [key, h] of heights) {
    if (key.endsWith('#h')) continue;
    sum += h;
    n++;
  }
  return n > 0 ? sum / n : ROW_ESTIMATE;
}

/**
 * The board's cards: a responsive grid of rows of N cards (N from the width), virtualized
 * against the window's scroll so 500 hosts cost the DOM of the few dozen on screen. Rows and
 * section headers are measured as they render; the ones not yet seen are estimated.
 */
export function BoardGrid({ sections, groupByTag, view: layout = 'cards', ref }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const view = useWindowView(container);
  // The list is the same virtualized board with one host per row: the keys move up and down.
  const columns = layout === 'list' ? 1 : columnsFor(view.width);
  const model = useMemo(() => buildGrid(sections, columns, groupByTag), [sections, columns, groupByTag]);
  const [heights, measure] = useMeasuredHeights();
  const estimate = useMemo(() => rowEstimate(heights), [heights]);
  const tops = useMemo(
    () =>
      offsetsOf(
        model.items,
        (item) => heights.get(item.key) ?? (item.kind === 'header' ? HEADER_ESTIMATE : estimate),
      ),
    [model, heights, estimate],
  );
  const ready = view.width > 0;
  const pageRows = Math.max(1, Math.floor((view.bottom - view.top) / estimate) - 1);
  const nav = useBoardNav({ sections, sizes: model.sizes, columns, pageRows, container, ready });
  useImperativeHandle(ref, () => ({ focus: nav.focusGrid }), [nav.focusGrid]);

  const count = model.items.length;
  const [start, end] = perfNaive
    ? [0, count]
    : rangeIn(tops, view.top - OVERSCAN_PX, view.bottom + OVERSCAN_PX);
  const shown: number[] = [];
  for (let i = start; i < end; i++) shown.push(i);
  // The focused card's row stays rendered wherever the window is, so scrolling never drops the focus.
  const activeItem = nav.cell ? rowItemOf(model, nav.cell.section, nav.cell.index, columns) : -1;
  if (activeItem >= 0 && (activeItem < start || activeItem >= end)) shown.push(activeItem);
  const shownCards = sections.reduce((n, s) => n + s.ids.length, 0);

  return (
    <div
      ref={container}
      className="board-grid"
      style={{ height: tops[count] }}
      role="region"
      aria-label={`Hosts, worst first: ${shownCards}`}
      aria-describedby="board-keys"
      tabIndex={-1}
      data-testid="board-grid"
      data-columns={columns}
      onKeyDown={nav.onKeyDown}
      onFocus={nav.onFocus}
      onBlur={nav.onBlur}
    >
      <p id="board-keys" className="visually-hidden">
        Arrow keys move between hosts, Enter opens one, slash searches, Escape clears the search.
      </p>
      {ready &&
        shown.map((i) => {
          const item = model.items[i];
          const section = item ? sections[item.section] : undefined;
          if (!item || !section) return null;
          const activeId =
            nav.activeKey !== null && item.kind === 'row'
              ? item.ids.find((id) => cellKey(section.key, id) === nav.activeKey)
              : undefined;
          return (
            <BoardItem
              key={item.key}
              item={item}
              top={tops[i] ?? 0}
              section={section}
              columns={columns}
              activeId={activeId ?? null}
              measure={measure}
              list={layout === 'list'}
            />
          );
        })}
    </div>
  );
}

interface ItemProps {
  item: GridItem;
  top: number;
  section: BoardSection;
  columns: number;
  /** The row's card in the tab order, if it holds the active one. */
  activeId: string | null;
  measure: (el: HTMLElement | null) => () => void;
  list: boolean;
}

/** One positioned header or row; memoized so a scroll re-renders only the rows it adds. */
const BoardItem = memo(function BoardItem({
  item,
  top,
  section,
  columns,
  activeId,
  measure,
  list,
}: ItemProps) {
  const style = { transform: `translateY(${top}px)` };
  if (item.kind === 'header') {
    return (
      <div ref={measure} data-key={item.key} className="board-grid__item board-grid__header" style={style}>
        <h2 className="board-section__title" data-testid="board-section">
          {section.tag ? <span className="tag">#{section.title}</span> : section.title}
          <span className="muted"> · {section.ids.length}</span>
        </h2>
      </div>
    );
  }
  return (
    <div
      ref={measure}
      data-key={item.key}
      className="board-grid__item host-grid"
      style={{
        ...style,
        gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
        paddingBottom: list ? LIST_GAP : GRID_GAP,
      }}
    >
      {item.ids.map((id) =>
        list ? (
          <HostRow key={id} hostId={id} cell={cellKey(section.key, id)} tabbable={id === activeId} />
        ) : (
          <HostCard key={id} hostId={id} cell={cellKey(section.key, id)} tabbable={id === activeId} />
        ),
      )}
    </div>
  );
});
