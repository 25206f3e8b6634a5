// Formats the UI benchmark (bench/uiBoard.ts) and judges it against the board issue's targets.
export const UI_TARGETS = { commitP95Ms: 16, frameP95Ms: 16, heapGrowthPct: 10 };

const f = (v, d = 1) => (v == null || Number.isNaN(v) ? 'n/a' : Number(v).toFixed(d));
const verdict = (ok) => (ok == null ? 'n/a' : ok ? 'pass' : 'fail');

/** Target verdicts, for the JSON summary. */
export function uiTargets(ui) {
  if (!ui) return {};
  const t = UI_TARGETS;
  const b = ui.board;
  const growth = b.heap.growthPct;
  return {
    uiCommitP95: {
      target: `p95 store update -> React commit < ${t.commitP95Ms} ms (${ui.hosts} hosts @ ${ui.intervalMs / 1000} s)`,
      value: b.commitMs.p95Ms,
      verdict: verdict(b.commitMs.p95Ms < t.commitP95Ms),
    },
    uiFrameP95: {
      target: `p95 main-thread work per frame < ${t.frameP95Ms} ms`,
      value: b.frameWorkMs.p95Ms,
      verdict: verdict(b.frameWorkMs.p95Ms < t.frameP95Ms),
    },
    uiHeapGrowth: {
      target: `JS heap growth, ${b.heap.earlyAtS} s -> ${b.heap.lateAtS} s, < ${t.heapGrowthPct}%`,
      value: growth,
      verdict: verdict(growth == null ? null : growth < t.heapGrowthPct),
    },
  };
}

function table(head, rows) {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const fmt = (r) =>
    r.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join('  ');
  return [fmt(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(fmt)].join('\n');
}

export function formatUi(ui, targets) {
  if (ui.skipped) return [`Board UI: skipped (${ui.skipped})`];
  const runs = [ui.board, ui.naive].filter(Boolean);
  const name = { board: 'board (batched, virtualized)', naive: 'naive (per event, every card)' };
  const stat = (s) => `${f(s.p50Ms)} / ${f(s.p95Ms)} / ${f(s.maxMs)}`;
  const heap = ui.board.heap;
  return [
    `Board UI in Chromium ${ui.chromium}, ${ui.viewport.width}x${ui.viewport.height}: ${ui.hosts} hosts (this machine + ` +
      `${ui.hosts - 1} simulated) polled every ${ui.intervalMs / 1000} s through greenboard serve; ` +
      `${ui.warmupSeconds} s warm-up; states at the end: ${Object.entries(ui.statesAtEnd)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}`,
    '',
    table(
      [
        'page',
        'seconds',
        'commit p50/p95/max ms',
        'frame work p50/p95/max ms',
        'frame interval p50/p95 ms',
        'frames > 25 ms',
        'long frames (max ms)',
        'commits/s',
        'events/commit',
        'main thread busy %',
        'cards in DOM',
        'DOM nodes',
      ],
      runs.map((r) => [
        name[r.mode] ?? r.mode,
        f(r.measuredSeconds, 0),
        stat(r.commitMs),
        stat(r.frameWorkMs),
        `${f(r.frameIntervalMs.p50Ms)} / ${f(r.frameIntervalMs.p95Ms)}`,
        `${r.framesOver25Ms} of ${r.frames}`,
        `${r.longAnimationFrames.count} (${f(r.longAnimationFrames.maxMs, 0)})`,
        f(r.commitsPerSecond),
        f(r.eventsPerCommit),
        f(r.mainThreadBusyPct),
        r.cardsInDom,
        r.domNodes,
      ]),
    ),
    '  commit: the batched store update until React has committed it (a microtask queued after the',
    "  update runs after React's sync render of it; renderer/src/board/boardPerf.ts). Paint not included.",
    '  frame work: rAF callback to the first task after that frame (its rendering: style, layout, paint),',
    '  i.e. the main thread per frame. frame interval: rAF to rAF (16.7 ms at 60 Hz is the floor).',
    '  long frames: long-animation-frame entries (> 50 ms). main thread busy: CDP TaskDuration / wall time,',
    `  which includes receiving and parsing the WebSocket frames (${f(ui.board.commitsPerSecond * ui.board.eventsPerCommit, 0)} events a second).`,
    `  JS heap after a forced GC, MiB: ${heap.marks.map((m) => `${m.atS} s ${f(m.usedMb)}`).join(', ')}`,
    ...(ui.naive
      ? [
          `  naive: the same board with perf=naive, every event applied (and rendered) on its own and all ` +
            `${ui.naive.cardsInDom} cards in the DOM, for ${f(ui.naive.measuredSeconds, 0)} s; heap ${f(ui.naive.heap.lateMb)} MiB.`,
        ]
      : []),
    `target ${targets.uiCommitP95.target}: ${targets.uiCommitP95.verdict} (${f(targets.uiCommitP95.value)} ms)`,
    `target ${targets.uiFrameP95.target}: ${targets.uiFrameP95.verdict} (${f(targets.uiFrameP95.value)} ms)`,
    `target ${targets.uiHeapGrowth.target}: ${targets.uiHeapGrowth.verdict} (${f(targets.uiHeapGrowth.value)}%)`,
    ...ui.board.pageErrors.map((e) => `  page error: ${e}`),
  ];
}
