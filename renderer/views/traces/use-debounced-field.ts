import { useEffect, useLayoutEffect, useRef, useState } from 'react';

/** What a field's text means: a value (undefined when the field is empty: no filtering on it), or nothing valid. */
export type FieldParse<T> = { ok: true; value: T | undefined } | { ok: false };

export interface DebouncedFieldOptions<T> {
  /** The value the filter holds now. */
  applied: T | undefined;
  toText(value: T | undefined): string;
  parse(text: string): FieldParse<T>;
  /** Called with a valid value once the user pauses typing (or presses Enter, or leaves the field). */
  apply(value: T | undefined): void;
  delayMs?: number;
}

export interface DebouncedField {
  text: string;
  /** The text, settled (not being typed), means nothing valid: show why, apply nothing. */
  invalid: boolean;
  onTextChange(text: string): void;
  /** Apply what is typed now, without waiting. */
  flush(): void;
  /** Drop what is being typed and show `text` (for "Clear"). */
  reset(text: string): void;
}

/**
 * A filter text input: its own text while the user types, applied after a
 * pause so the engine is not asked to filter on every keystroke; invalid text
 * is kept for the user to fix, and never applied.
 */
export function useDebouncedField<T>(options: DebouncedFieldOptions<T>): DebouncedField {
  const { applied, toText, parse, delayMs = 250 } = options;
  const appliedText = toText(applied);
  const [text, setText] = useState(appliedText);
  // The text as of the last pause: differs from `text` while the user is typing.
  const [settledText, setSettledText] = useState(appliedText);
  const [seenAppliedText, setSeenAppliedText] = useState(appliedText);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // Timers fire after later renders: they use the newest options, not the ones they were set up with.
  const latest = useRef(options);
  useLayoutEffect(() => {
    latest.current = options;
  });
  useEffect(() => () => clearTimeout(timer.current), []);

  // The filter changed elsewhere (another view, "Clear"): show its value, unless the user is typing or the text already means it.
  if (appliedText !== seenAppliedText) {
    setSeenAppliedText(appliedText);
    const parsed = parse(text);
    if (text === settledText && (!parsed.ok || toText(parsed.value) !== appliedText)) {
      setText(appliedText);
      setSettledText(appliedText);
    }
  }

  const commit = (committed: string) => {
    clearTimeout(timer.current);
    timer.current = undefined;
    setSettledText(committed);
    const { parse, toText, applied, apply } = latest.current;
    const parsed = parse(committed);
    if (parsed.ok && toText(parsed.value) !== toText(applied)) apply(parsed.value);
  };

  return {
    text,
    invalid: text === settledText && !parse(text).ok,
    onTextChange(next) {
      setText(next);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => commit(next), delayMs);
    },
    flush() {
      if (timer.current !== undefined) commit(text);
    },
    reset(next) {
      clearTimeout(timer.current);
      timer.current = undefined;
      setText(next);
      setSettledText(next);
    },
  };
}
