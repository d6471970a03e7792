/**
 * Parses exported SVG/XML strictly (any well-formedness error throws) and
 * finds elements by the `data-role` the export writers put on what matters
 * (nodes, edges, critical-path marks, legend items, …).
 */
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';

export function parseXml(source: string): Document {
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level: string, message: string) => {
      if (level !== 'warning') errors.push(message);
    },
  }).parseFromString(source, 'image/svg+xml');
  if (errors.length > 0) throw new Error(`invalid XML: ${errors.join('; ')}`);
  if (!doc.documentElement || doc.documentElement.tagName !== 'svg') throw new Error('not an SVG document');
  return doc;
}

export function allElements(doc: Document): Element[] {
  return Array.from(doc.getElementsByTagName('*'));
}

export function byRole(doc: Document, role: string): Element[] {
  return allElements(doc).filter((e) => e.getAttribute('data-role') === role);
}

/** All text the image shows, in document order. */
export function textsOf(doc: Document | Element): string[] {
  return Array.from(doc.getElementsByTagName('text')).map((t) => t.textContent ?? '');
}
