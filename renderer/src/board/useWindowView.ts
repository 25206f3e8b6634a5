import { useLayoutEffect, useState, type RefObject } from 'react';

/** Scroll positions are rounded to this, so scrolling re-renders the board every 100 px, not every pixel. */
const STEP = 100;

export interface WindowView {
  /** Width of the element. */
  width: number;
  /** The part of the element inside the window, in the element's own coordinates. */
  top: number;
  bottom: number;
}

/**
 * Where the window's viewport falls on an element that scrolls with the page, and the
 * element's width: what a window-scrolled virtual list needs. Updates once a frame at most, on
 * scroll, resize, and when anything above the element changes the page's height.
 */
export function useWindowView(ref: RefObject<HTMLElement | null>): WindowView {
  const [view, setView] = useState<WindowView>({ width: 0, top: 0, bottom: 0 });

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    let frame: number | null = null;
    const read = (): void => {
      frame = null;
      const r = el.getBoundingClientRect();
      const width = Math.round(r.width);
      const top = Math.floor(-r.top / STEP) * STEP;
      const bottom = Math.ceil((window.innerHeight - r.top) / STEP) * STEP;
      setView((v) =>
        v.width === width && v.top === top && v.bottom === bottom ? v : { width, top, bottom },
      );
    };
    const later = (): void => {
      frame ??= requestAnimationFrame(read);
    };
    read();
    const resize = new ResizeObserver(later);
    resize.observe(el);
    resize.observe(document.body);
    window.addEventListener('scroll', later, { passive: true });
    window.addEventListener('resize', later);
    return () => {
      if (frame !== null) cancelAnimationFrame(frame);
      resize.disconnect();
      window.removeEventListener('scroll', later);
      window.removeEventListener('resize', later);
    };
  }, [ref]);

  return view;
}
