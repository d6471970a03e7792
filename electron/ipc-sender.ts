/**
 * Whether an IPC call comes from the app's own page: the top frame (not an
 * embedded one) showing app://hopscope, not a page that navigated elsewhere.
 * Every handler checks this besides "one of our windows" (main.ts).
 */
import type { IpcMainInvokeEvent } from 'electron';
import { isAppUrl } from './app-protocol.js';

export function isFromAppPage(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame !== undefined && frame.parent === null && isAppUrl(frame.url);
}
