/* global window, document, requestAnimationFrame */
// Installed in the page by bench/uiBoard.ts: frame timings from requestAnimationFrame and
// long-animation-frame entries, drained by the bench every few seconds so the probe itself
// holds no growing arrays. Plain browser JS read as text: code compiled for Node (tsx) would
// carry helpers that do not exist in the page.
(() => {
  let intervalMs = [];
  let workMs = [];
  let loafMs = [];
  let last = 0;
  let frameStart = 0;
  const channel = new MessageChannel();
  // Posted from the rAF callback, the message runs as the first task after the frame's
  // rendering steps (style, layout, paint): rAF to message is the main thread's work per frame.
  channel.port1.onmessage = () => workMs.push(performance.now() - frameStart);
  const onFrame = (t) => {
    frameStart = performance.now();
    if (last) intervalMs.push(t - last);
    last = t;
    channel.port2.postMessage(0);
    requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) loafMs.push(e.duration);
    }).observe({ type: 'long-animation-frame', buffered: false });
  } catch {
    // No long-animation-frame entries before Chromium 123; the rAF figures still stand.
  }
  window.__benchFrames = {
    drain() {
      const perf = window.__greenboardPerf;
      const out = {
        intervalMs,
        workMs,
        loafMs,
        commitMs: perf ? perf.commitMs.splice(0) : [],
        events: perf ? perf.events.splice(0) : [],
        cardsInDom: document.querySelectorAll('[data-testid="host-card"]').length,
        domNodes: document.getElementsByTagName('*').length,
      };
      intervalMs = [];
      workMs = [];
      loafMs = [];
      return out;
    },
  };
})();
