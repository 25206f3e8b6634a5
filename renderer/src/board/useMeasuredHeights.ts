import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Heights of rendered elements, keyed by their `data-key`, kept up to date by one
 * ResizeObserver. Returns the heights and the ref callback to put on each measured element.
 */
export function useMeasuredHeights(): [ReadonlyMap<string, number>, (el: HTMLElement | null) => () => void] {
  const [heights, setHeights] = useState<ReadonlyMap<string, number>>(() => new Map());
  const observer = useRef<ResizeObserver | null>(null);

  const measure = useCallback((el: HTMLElement | null) => {
    if (!el) return () => {};
    observer.current ??= new ResizeObserver((entries) => {
      setHeights((prev) => {
        let next: Map<string, number> | null = null;
        for (const e of entries) {
          const key = (e.target as HTMLElement).dataset.key;
          const h = e.borderBoxSize[0]?.blockSize ?? (e.target as HTMLElement).offsetHeight;
          if (key === undefined || Math.abs((prev.get(key) ?? -1) - h) < 0.5) continue;
          next ??= new Map(prev);
          next.set(key, h);
        }
        return next ?? prev;
      });
    });
    const ro = observer.current;
    ro.observe(el);
    return () => ro.unobserve(el);
  }, []);

  useEffect(() => () => observer.current?.disconnect(), []);
  return [heights, measure];
}
