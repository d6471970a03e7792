import type { ChangeEvent, RefObject } from 'react';

interface Props {
  disabled: boolean;
  onOpen(files: File[]): void;
  /** Lets a keyboard shortcut (Ctrl/⌘+O) open the picker. */
  inputRef?: RefObject<HTMLInputElement | null>;
}

/** "Open files…": any number of trace files, loaded together into one new dataset (a native dialog in Electron). */
export function OpenFiles({ disabled, onOpen, inputRef }: Props) {
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    // Cleared so that choosing the same file again is a change too.
    event.target.value = '';
    if (files.length > 0) onOpen(files);
  };
  return (
    <label className={`button${disabled ? ' disabled' : ''}`} title="Open trace files (Ctrl+O)">
      Open files…
      {/* Visually hidden, not `hidden`: it stays reachable with the keyboard. */}
      <input
        ref={inputRef}
        type="file"
        multiple
        className="visually-hidden"
        disabled={disabled}
        onChange={onChange}
        data-testid="open-files"
      />
    </label>
  );
}
