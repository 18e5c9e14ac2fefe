import { optionName } from '../../../coap/index';

/** Which part of a message a field belongs to; the hex dump colours bytes by it. */
export type FieldKind = 'header' | 'token' | 'option' | 'marker' | 'payload';

/** A field of a CoAP message. Options are numbered by their position on the wire (0-based). */
export type FieldId =
  | 'version'
  | 'type'
  | 'token-length'
  | 'code'
  | 'message-id'
  | 'token'
  | `option-${number}`
  | 'payload-marker'
  | 'payload';

/** Where one field sits in the bytes: `start` inclusive, `end` exclusive. */
export interface ByteSpan {
  field: FieldId;
  label: string;
  start: number;
  end: number;
}

/**
 * Where every field of a CoAP message lies in its bytes (RFC 7252 §3), to link the decoded tree
 * with the hex dump. Version, Type and Token Length are bit fields that share byte 0. An option's
 * span runs from its delta/length byte through any extended delta and length bytes to the end of
 * its value (§3.1). Only call it on bytes `decode` accepted: it trusts the lengths it reads, and
 * merely clamps spans to the input instead of reporting errors.
 */
export function layout(bytes: Uint8Array): ByteSpan[] {
  const len = bytes.length;
  const spans: ByteSpan[] = [
    { field: 'version', label: 'Version', start: 0, end: 1 },
    { field: 'type', label: 'Type', start: 0, end: 1 },
    { field: 'token-length', label: 'Token length', start: 0, end: 1 },
    { field: 'code', label: 'Code', start: 1, end: 2 },
    { field: 'message-id', label: 'Message ID', start: 2, end: 4 },
  ];
  const tkl = bytes[0] & 0x0f;
  if (tkl > 0)
    spans.push({ field: 'token', label: 'Token', start: 4, end: Math.min(4 + tkl, len) });
  let i = 4 + tkl;
  let number = 0;
  let index = 0;
  while (i < len) {
    const start = i;
    const head = bytes[i++];
    if (head === 0xff) {
      spans.push({ field: 'payload-marker', label: 'Payload marker', start, end: i });
      if (i < len) spans.push({ field: 'payload', label: 'Payload', start: i, end: len });
      break;
    }
    // RFC 7252 §3.1: nibble 13 adds one extended byte (value − 13), 14 adds two (value − 269).
    let delta = head >> 4;
    if (delta === 13) delta = (bytes[i++] ?? 0) + 13;
    else if (delta === 14) {
      delta = (((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)) + 269;
      i += 2;
    }
    let length = head & 0x0f;
    if (length === 13) length = (bytes[i++] ?? 0) + 13;
    else if (length === 14) {
      length = (((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)) + 269;
      i += 2;
    }
    number += delta;
    i = Math.min(i + length, len);
    spans.push({ field: `option-${index}`, label: optionName(number), start, end: i });
    index++;
  }
  return spans;
}

/** The spans that cover byte `offset` (byte 0 is covered by three header fields). */
export function spansAt(spans: readonly ByteSpan[], offset: number): ByteSpan[] {
  return spans.filter((s) => s.start <= offset && offset < s.end);
}

export function fieldKind(field: FieldId): FieldKind {
  if (field === 'token') return 'token';
  if (field === 'payload') return 'payload';
  if (field === 'payload-marker') return 'marker';
  if (field.startsWith('option-')) return 'option';
  return 'header';
}
