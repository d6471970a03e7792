/**
 * What the renderer may not do, whatever it loads: navigate away, open
 * windows, embed webviews, or get any permission (camera, notifications, …).
 * The app needs none of these; later features that do will allow them by name.
 */
import type { Session, WebContents } from 'electron';

export function hardenWebContents(contents: WebContents): void {
  // The page is the whole app: a link or a dropped file must not replace it.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
