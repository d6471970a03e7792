/**
 * Benchmark child: the JSON parsing limit. Streams the file line by line
 * and JSON.parses each line, counting spans, with nothing else: no ingest
 * can be faster than this in JavaScript.
 */
import { createReadStream } from 'node:fs';
import { expectSpans, measure, report, runnerArgs } from './measure.js';

interface Request {
  resourceSpans?: { scopeSpans?: { spans?: unknown[] }[] }[];
}

/** The file's lines, each decoded on its own: the file never becomes one string. */
async function* lines(file: string): AsyncGenerator<string> {
  let pieces: Buffer[] = [];
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, start)) {
      const line = pieces.length > 0 ? Buffer.concat([...pieces, chunk.subarray(start, nl)]) : chunk.subarray(start, nl);
      pieces = [];
      yield line.toString('utf8');
      start = nl + 1;
    }
    if (start < chunk.length) pieces.push(chunk.subarray(start));
  }
  if (pieces.length > 0) yield Buffer.concat(pieces).toString('utf8');
}

const args = runnerArgs();
let lineCount = 0;
const m = await measure(async () => {
  let spans = 0;
  for await (const line of lines(args.file)) {
    if (line.length === 0) continue;
    lineCount++;
    const request = JSON.parse(line) as Request;
    for (const rs of request.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) spans += ss.spans?.length ?? 0;
  }
  return spans;
});
expectSpans('JSON.parse per line', m.value, args.spans);

report('parse', args, m, { what: 'stream the file line by line, JSON.parse each line, count spans', lines: lineCount });
