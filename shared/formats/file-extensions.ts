/**
 * The file names the desktop app offers to open (dialog filters, the OS file
 * associations in electron-builder.yml, paths on the command line).
 *
 * Reading never depends on the name (sniff.ts looks at the content), so this
 * list is only about which files the app claims: the names the supported
 * formats are actually written under. JSON covers OTLP, Jaeger and Zipkin;
 * .jsonl/.ndjson are JSON lines (the Collector's file exporter); .pb is OTLP
 * protobuf (what sample-traces/ ships). Each also compressed, as sniff.ts
 * recognises gzip and zstd. `.proto` is a schema, not data, so it is not here.
 *
 * Extensions are written without the leading dot: the form both Electron's
 * dialog filters and electron-builder's `fileAssociations[].ext` take.
 */
const BASE_EXTENSIONS = ['json', 'jsonl', 'ndjson', 'pb'] as const;
const COMPRESSED_SUFFIXES = ['gz', 'zst'] as const;

type BaseExtension = (typeof BASE_EXTENSIONS)[number];
export type TraceFileExtension = BaseExtension | `${BaseExtension}.${(typeof COMPRESSED_SUFFIXES)[number]}`;

export const TRACE_FILE_EXTENSIONS: readonly TraceFileExtension[] = Object.freeze(
  BASE_EXTENSIONS.flatMap((base): TraceFileExtension[] => [base, ...COMPRESSED_SUFFIXES.map((suffix) => `${base}.${suffix}` as const)]),
);

/**
 * Whether a file name (or a path, with / or \ separators) ends in one of
 * TRACE_FILE_EXTENSIONS, ignoring case. A bare ".json" has no name before
 * the extension and is not a trace file.
 */
export function isTraceFileName(name: string): boolean {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).toLowerCase();
  return TRACE_FILE_EXTENSIONS.some((ext) => base.length > ext.length + 1 && base.endsWith(`.${ext}`));
}
