/**
 * What the accumulation analyses need of a critical path (critical-path/
 * produces it): the ordered segments that tile the path's window.
 */
export interface PathSegment {
  span: number;
  start: number;
  end: number;
  kind: 'span' | 'queue';
}

export interface PathInput {
  trace: number;
  top: number;
  orphan: boolean;
  start: number;
  end: number;
  segments: readonly PathSegment[];
}
