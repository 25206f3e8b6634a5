import type { Session } from 'electron';
import { allowPermission } from './permissions';

/**
 * Answers every permission request and check of `ses` with `allowPermission`: without these
 * handlers Electron grants whatever a page asks for.
 * https://www.electronjs.org/docs/latest/tutorial/security#5-handle-session-permission-requests-from-remote-content
 * https://www.electronjs.org/docs/latest/api/session#sessetpermissionrequesthandlerhandler
 */
export function installPermissionHandlers(ses: Session): void {
  const devUrl = (): string | undefined => process.env.ELECTRON_RENDERER_URL;
  ses.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    callback(
      allowPermission(
        { permission, requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame },
        devUrl(),
      ),
    );
  });
  ses.setPermissionCheckHandler((_webContents, permission, _origin, details) =>
    allowPermission(
      { permission, requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame },
      devUrl(),
    ),
  );
}
