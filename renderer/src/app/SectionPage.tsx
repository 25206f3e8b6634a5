import type { ReactNode } from 'react';
import { AppHeader } from './AppHeader';
import { BackLink } from './BackLink';

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
        <BackLink to="board" />
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
