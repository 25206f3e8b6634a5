import type { ReactNode } from 'react';
import { BOARD_HREF } from '../hooks/useRoute';
import { AppHeader } from './AppHeader';

interface Props {
  title: string;
  /** `page <className>` on the main element. */
  className: string;
  testId: string;
  /** Beside the title: the page's main action. */
  actions?: ReactNode;
  children: ReactNode;
}

/** A top-level page reached from the header (Alerts, Incidents, Load tests): back link, title row. */
export function SectionPage({ title, className, testId, actions, children }: Props) {
  return (
    <>
      <AppHeader>
        <a className="back-link" href={BOARD_HREF}>
          ← All hosts
        </a>
      </AppHeader>
      <main className={`page ${className}`} data-testid={testId}>
        <div className="page__title-row">
          <h1 className="page__title">{title}</h1>
          {actions}
        </div>
        {children}
      </main>
    </>
  );
}
