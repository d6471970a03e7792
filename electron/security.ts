/**
 * What the renderer may not do, whatever it loads: navigate away, open
 * windows, embed webviews, or get any permission (camera, notifications, …)
 * but the ones the app uses, allowed by name and only for the app's own page.
 * A few links may leave the app, to the user's browser (external-links.ts).
 */
import { shell, type Session, type WebContents } from 'electron';
import { isAppUrl } from './app-protocol.js';
import { externalLinkHandler } from './external-links.js';

/**
 * "Copy image" on every export writes a PNG with the async clipboard API.
 * Sanitized write only: the page can put an image or text on the clipboard,
 * never read it.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function hardenWebContents(contents: WebContents): void {
  // The page is the whole app: a link or a dropped file must not replace it.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // No window ever opens; an allow-listed https link goes to the browser instead.
  contents.setWindowOpenHandler(externalLinkHandler((url) => shell.openExternal(url)));
}

export function restrictPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(ALLOWED_PERMISSIONS.has(permission) && isAppUrl(details.requestingUrl)),
  );
  session.setPermissionCheckHandler(
    (_contents, permission, requestingOrigin) => ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingOrigin),
  );
}
