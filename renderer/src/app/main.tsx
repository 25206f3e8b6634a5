import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { queryClient } from './queryClient';
import { useUiStore } from './uiStore';
import './theme.css';
import './layout.css';
import '../board/board.css';
import '../timeTravel/timeTravel.css';
import '../hosts/hostPage.css';
import './feedback.css';
import '../ui/forms.css';
import '../hosts/fleet.css';
import '../diagnostics/diagnostics.css';
import '../settings/settings.css';
import '../probes/probes.css';
import '../loadtests/loadtests.css';

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
