import type { ChangeEvent } from 'react';

interface Props {
  disabled: boolean;
  onOpen(files: File[]): void;
}

/** "Open files…": any number of trace files, loaded together into one new dataset. */
export function OpenFiles({ disabled, onOpen }: Props) {
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    // Cleared so that choosing the same file again is a change too.
    event.target.value = '';
    if (files.length > 0) onOpen(files);
  };
  return (
    <label className={`button${disabled ? ' disabled' : ''}`}>
      Open files…
      {/* Visually hidden, not `hidden`: it stays reachable with the keyboard. */}
      <input type="file" multiple className="visually-hidden" disabled={disabled} onChange={onChange} data-testid="open-files" />
    </label>
  );
}
