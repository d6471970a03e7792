/**
 * Links out of the app. The renderer never gets a new window; a link it
 * opens in one (target="_blank", window.open) goes to the user's browser
 * instead, but only an https link to one of a few hosts, so a trace whose
 * attributes carry a URL cannot make the app open arbitrary pages (or
 * file:, smb: or custom-protocol URLs, which the OS would hand to whatever
 * program claims them).
 */
import type { HandlerDetails, WindowOpenHandlerResponse } from 'electron';

/**
 * Exact host names, no subdomains:
 * - opentelemetry.io: the specification the app's data model and OTLP import follow;
 * - github.com: Hopscope's own repository and docs, and those of the trace formats it reads (Jaeger, Zipkin).
 */
export const EXTERNAL_LINK_HOSTS: ReadonlySet<string> = new Set(['opentelemetry.io', 'github.com']);

/** True for an https URL, without credentials or an explicit port, to an allowed host. */
export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === '' &&
    EXTERNAL_LINK_HOSTS.has(parsed.hostname)
  );
}

/**
 * The handler for webContents.setWindowOpenHandler: every window is denied;
 * an allowed link is opened with `openExternal` (shell.openExternal) instead.
 */
export function externalLinkHandler(openExternal: (url: string) => Promise<void>): (details: HandlerDetails) => WindowOpenHandlerResponse {
  return ({ url }) => {
    if (isAllowedExternalUrl(url)) {
      openExternal(url).catch((error: unknown) => console.warn(`Hopscope could not open ${url}:`, error));
    }
    return { action: 'deny' };
  };
}
