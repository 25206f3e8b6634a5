import { create } from 'zustand';
import type { HealthState } from '../../../shared/schemas';
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
  | { kind: 'add-probe' }
  | { kind: 'edit-probe'; probeId: string }
  /** Prefilled from a host or a probe (its name and worst reason), or empty when declared by hand. */
  | { kind: 'declare-incident'; hostIds: string[]; title: string; probeIds?: string[]; signal?: string }
  | null;

const THEME_KEY = 'greenboard.theme';
const BOARD_VIEW_KEY = 'greenboard.boardView';

/** Cards (a few hosts, every number) or a list (a row per host: 20+ on one laptop screen). */
export type BoardView = 'cards' | 'list';

function storedBoardView(): BoardView {
  try {
    return localStorage.getItem(BOARD_VIEW_KEY) === 'list' ? 'list' : 'cards';
  } catch {
    return 'cards';
  }
}

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
  /** Remembered in this browser (or window) across reloads. */
  boardView: BoardView;
  /** The board's search text; kept here so it is still there on the way back from a host. */
  boardQuery: string;
  /** The board shows only hosts in this state (picked in the summary bar), or every state. */
  stateFilter: HealthState | null;
  /** The card that had the keyboard focus, or was opened last: the board returns to it. */
  boardFocus: string | null;
  dialog: DialogState;
  toggleTheme: () => void;
  followSystemTheme: (theme: Theme) => void;
  setConnection: (status: ConnectionStatus) => void;
  toggleGroupByTag: () => void;
  setBoardView: (view: BoardView) => void;
  setBoardQuery: (query: string) => void;
  /** Shows only `state`, or every state again when it is already the filter (or null). */
  toggleStateFilter: (state: HealthState | null) => void;
  setBoardFocus: (hostId: string | null) => void;
  openDialog: (dialog: Exclude<DialogState, null>) => void;
  closeDialog: () => void;
}

export const useUiStore = create<UiState>()((set, get) => ({
  theme: storedTheme() ?? systemTheme(),
  themeChosen: storedTheme() !== null,
  connection: { state: 'connecting', message: 'Connecting to Greenboard…', problem: null },
  groupByTag: false,
  boardView: storedBoardView(),
  boardQuery: '',
  stateFilter: null,
  boardFocus: null,
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

  setBoardView(boardView) {
    try {
      localStorage.setItem(BOARD_VIEW_KEY, boardView);
    } catch {
      // not remembered across reloads, but still applied now
    }
    set({ boardView });
  },

  setBoardQuery(boardQuery) {
    set({ boardQuery });
  },

  toggleStateFilter(state) {
    set({ stateFilter: state === get().stateFilter ? null : state });
  },

  setBoardFocus(boardFocus) {
    if (boardFocus !== get().boardFocus) set({ boardFocus });
  },

  openDialog(dialog) {
    set({ dialog });
  },

  closeDialog() {
    set({ dialog: null });
  },
}));
