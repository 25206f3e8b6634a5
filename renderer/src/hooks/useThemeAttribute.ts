import { useEffect } from 'react';
import { useUiStore } from '../stores/ui';

/** Mirrors the theme onto `<html data-theme>`, where the CSS variables (and e2e tests) read it. */
export function useThemeAttribute(): void {
  const theme = useUiStore((s) => s.theme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
}
