/**
 * Subscribes the page to what the Electron main process sends it: files to
 * load and menu commands. Does nothing in the browser build, where there is
 * no bridge (or an older one without these functions).
 */
import { useEffect, useRef } from 'react';
import type { DesktopCommand, OpenedFile } from '../../electron/bridge-api.js';

export interface DesktopEventHandlers {
  onFilesOpened(files: OpenedFile[]): void;
  onCommand(command: DesktopCommand): void;
}

export function useDesktopEvents(handlers: DesktopEventHandlers): void {
  // The latest handlers, read when an event arrives: subscribing once keeps events from arriving between an unsubscribe and a subscribe.
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const bridge = window.hopscope;
    if (typeof bridge?.onFilesOpened !== 'function' || typeof bridge.onCommand !== 'function') return;
    const offFiles = bridge.onFilesOpened((files) => latest.current.onFilesOpened(files));
    const offCommand = bridge.onCommand((command) => latest.current.onCommand(command));
    return () => {
      offFiles();
      offCommand();
    };
  }, []);
}
