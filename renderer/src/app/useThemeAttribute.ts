import { useLayoutEffect } from 'react';
import { useUiStore } from './uiStore';

/** Mirrors the theme onto `<html data-theme>`, where the CSS variables (and e2e tests) read it. */
export function useThemeAttribute(): void {
  const theme = useUiStore((s) => s.theme);
  // A layout effect runs before every passive effect of the same commit, so charts that read
  // the CSS variables in their own effects already see the new theme.
  useLayoutEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
}
