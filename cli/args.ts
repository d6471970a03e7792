/** A small argument parser: positional files plus --flags, with clear errors. */
export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

export class UsageError extends Error {}

/** `valued` lists the flags that take a value (`--sql "…"` or `--sql=…`). */
export function parseArgs(argv: string[], valued: ReadonlySet<string>, known: ReadonlySet<string>): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (!known.has(name)) throw new UsageError(`unknown option --${name}`);
    if (valued.has(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      flags.set(name, value);
    } else {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      flags.set(name, true);
    }
  }
  return { positional, flags };
}
