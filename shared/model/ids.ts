/**
 * Trace and span ids are opaque strings. Hex ids are lower-cased so that the
 * same id written by two exporters compares equal; OTLP JSON from some
 * exporters carries base64 instead of hex, which is converted to hex when its
 * decoded length is a valid id length (16 bytes for traces, 8 for spans).
 */
const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

const hexByte: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += hexByte[bytes[i]!];
  return out;
}

export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!);
  return btoa(binary);
}

/** Normalises an id given as text: hex is lower-cased, anything else kept verbatim. */
export function normalizeTextId(raw: string): string {
  return HEX.test(raw) ? raw.toLowerCase() : raw;
}

/**
 * OTLP JSON ids should be hex, but some exporters emit protobuf's base64.
 * `byteLength` is the binary length of the id (16 for traces, 8 for spans):
 * base64 that decodes to exactly that length is converted to hex.
 */
export function normalizeOtlpJsonId(raw: string, byteLength: 8 | 16): string {
  if (raw.length !== byteLength * 2 && raw.length === Math.ceil(byteLength / 3) * 4 && BASE64.test(raw)) {
    const bytes = base64ToBytes(raw);
    if (bytes.length === byteLength) return bytesToHex(bytes);
  }
  return normalizeTextId(raw);
}

/** True for ids that only say "no id": empty, or all zeros as OTLP writes a missing parent. */
export function isEmptyId(id: string): boolean {
  return id.length === 0 || /^0+$/.test(id);
}
