import type { ReactNode } from 'react';
import { BOARD_HREF } from '../hooks/useRoute';
import { ThemeToggle } from './ThemeToggle';

export function AppHeader({ children }: { children?: ReactNode }) {
  return (
    <header className="app-header">
      <a className="brand" href={BOARD_HREF}>
        <span className="brand__mark" aria-hidden="true" />
        Greenboard
      </a>
      <div className="app-header__middle">{children}</div>
      <ThemeToggle />
    </header>
  );
}
