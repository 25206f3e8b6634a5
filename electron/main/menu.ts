import { Menu, type MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  /** File → Open history…: pick a saved history and review it in a window of its own. */
  openHistory: () => void;
}

/** Menu item ids, for tests that click them through Menu.getApplicationMenu(). */
export const MENU_IDS = { openHistory: 'open-history' } as const;

/**
 * The application menu: Greenboard's File menu plus the standard roles (Edit keeps copy and
 * paste working in text fields; setting a menu replaces Electron's default one entirely).
 * https://www.electronjs.org/docs/latest/api/menu#examples
 */
export function installAppMenu(actions: MenuActions): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } as const] : []),
    {
      label: '&File',
      submenu: [
        {
          id: MENU_IDS.openHistory,
          label: 'Open history…',
          accelerator: 'CmdOrCtrl+O',
          click: () => actions.openHistory(),
        },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
