import { create } from 'zustand';
import type { ConnectionStatus } from '../transport/connectionStatus';

export type Theme = 'dark' | 'light';

/** The one modal dialog open at a time; secrets typed into a dialog stay in its own state. */
export type DialogState =
  | { kind: 'add-host' }
  | { kind: 'edit-host'; hostId: string }
  | { kind: 'trust'; hostId: string }
  | { kind: 'credentials'; hostId: string }
  | { kind: 'export' }
  | { kind: 'settings' }
  | null;

const THEME_KEY = 'greenboard.theme';

function storedTheme(): Theme | null {
  try {
    const value = localStorage.getItem(THEME_KEY);
    return value === 'dark' || value === 'light' ? value : null;
  } catch {
    return null; // storage can be disabled; the system preference still works
  }
}

export function systemTheme(): Theme {
  return window.matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

interface UiState {
  theme: Theme;
  /** True once the person picked a theme; until then the theme follows the system. */
  themeChosen: boolean;
  connection: ConnectionStatus;
  /** Board cards grouped under their tags rather than in one grid. */
  groupByTag: boolean;
  dialog: DialogState;
  toggleTheme: () => void;
  followSystemTheme: (theme: Theme) => void;
  setConnection: (status: ConnectionStatus) => void;
  toggleGroupByTag: () => void;
  openDialog: (dialog: Exclude<DialogState, null>) => void;
  closeDialog: () => void;
}

export const useUiStore = create<UiState>()((set, get) => ({
  theme: storedTheme() ?? systemTheme(),
  themeChosen: storedTheme() !== null,
  connection: { state: 'connecting', message: 'Connecting to Greenboard…', problem: null },
  groupByTag: false,
  dialog: null,

  toggleTheme() {
    const theme: Theme = get().theme === 'dark' ? 'light' : 'dark';
    try {
      localStorage.setItem(THEME_KEY, theme);
    } catch {
      // not remembered across reloads, but still applied now
    }
    set({ theme, themeChosen: true });
  },

  followSystemTheme(theme) {
    if (!get().themeChosen) set({ theme });
  },

  setConnection(connection) {
    set({ connection });
  },

  toggleGroupByTag() {
    set({ groupByTag: !get().groupByTag });
  },

  openDialog(dialog) {
    set({ dialog });
  },

  closeDialog() {
    set({ dialog: null });
  },
}));
