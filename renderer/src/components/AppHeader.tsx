import type { ReactNode } from 'react';
import { useAppInfo } from '../hooks/useAppInfo';
import { BOARD_HREF } from '../hooks/useRoute';
import { useUiStore } from '../stores/ui';
import { ThemeToggle } from './ThemeToggle';

export function AppHeader({ children }: { children?: ReactNode }) {
  // A saved history is read-only and the engine would only show its defaults: no Settings there.
  const reviewing = useAppInfo()?.history != null;
  const openDialog = useUiStore((s) => s.openDialog);
  return (
    <header className="app-header">
      <a className="brand" href={BOARD_HREF}>
        <span className="brand__mark" aria-hidden="true" />
        Greenboard
      </a>
      <div className="app-header__middle">{children}</div>
      {!reviewing && (
        <button
          type="button"
          className="button button--ghost"
          data-testid="settings-open"
          onClick={() => openDialog({ kind: 'settings' })}
        >
          <span aria-hidden="true">⚙</span>
          <span>Settings</span>
        </button>
      )}
      <ThemeToggle />
    </header>
  );
}
