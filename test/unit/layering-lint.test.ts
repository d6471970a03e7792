/** The lint rule that keeps shared/ platform-free actually fires (and stays quiet for platform-free code). */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function layeringErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals').map((m) => m.message);
}

describe('shared/ layering rule', () => {
  it.each([
    ["import { readFileSync } from 'node:fs';\nexport const f = readFileSync;", 'Node built-in (node: prefix)'],
    ["import path from 'path';\nexport const p = path;", 'Node built-in (bare name)'],
    ["import { app } from 'electron';\nexport const a = app;", 'Electron'],
    ['export const title = document.title;', 'the DOM'],
    ['export const cwd = process.cwd();', 'Node globals'],
  ])('rejects %s (%s)', async (code) => {
    const errors = await layeringErrors(code, 'shared/example.ts');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/shared\/ must stay platform-free/);
  });

  it('allows web-standard APIs and the same imports outside shared/', async () => {
    expect(await layeringErrors('export const d = new TextDecoder();', 'shared/example.ts')).toEqual([]);
    expect(await layeringErrors("import { readFileSync } from 'node:fs';\nexport const f = readFileSync;", 'cli/example.ts')).toEqual([]);
  });
});
