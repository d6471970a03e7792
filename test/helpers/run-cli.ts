/** The command line as users run it: `node cli/hopscope.mjs …` as a separate process. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CliResult {
  /** The exit status (0 on success). */
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with `args`; a non-zero exit is a result to check, not an error. */
export async function hopscope(...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['cli/hopscope.mjs', ...args], { maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
