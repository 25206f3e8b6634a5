import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { queryClient } from './queryClient';
import { useUiStore } from './stores/ui';
import './styles/theme.css';
import './styles/layout.css';
import './styles/board.css';
import './styles/timeTravel.css';
import './styles/hostPage.css';
import './styles/feedback.css';
import './styles/forms.css';
import './styles/fleet.css';
import './styles/diagnostics.css';
import './styles/settings.css';
import './styles/probes.css';
import './styles/loadtests.css';

// Set before the first paint so a light-theme user never sees a dark flash.
document.documentElement.dataset.theme = useUiStore.getState().theme;

const root = document.getElementById('root');
if (!root) throw new Error('index.html is missing <div id="root">');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
