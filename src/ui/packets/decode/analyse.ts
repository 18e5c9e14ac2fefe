import { decode, parseHex, type DecodeError } from '../../../coap/index';
import { describe, type DecodedView } from './describe';
import { layout, spansAt, type ByteSpan, type FieldId } from './layout';

/** What the panel knows about the text in its textarea. */
export type Analysis =
  | { status: 'empty' }
  | { status: 'bad-hex'; error: string }
  | { status: 'decode-error'; bytes: Uint8Array; error: DecodeError }
  | { status: 'decoded'; bytes: Uint8Array; spans: ByteSpan[]; view: DecodedView };

export function analyse(text: string): Analysis {
  const parsed = parseHex(text);
  if (!parsed.ok) return { status: 'bad-hex', error: parsed.error };
  return analyseBytes(parsed.bytes);
}

/**
 * The same for bytes already in hand (a datagram of the packet log), with the address the
 * datagram went to when it is known (for the request URI).
 */
export function analyseBytes(
  bytes: Uint8Array,
  destination?: { host: string; port: number },
): Exclude<Analysis, { status: 'bad-hex' }> {
  if (bytes.length === 0) return { status: 'empty' };
  const result = decode(bytes);
  if (!result.ok) return { status: 'decode-error', bytes, error: result.error };
  return {
    status: 'decoded',
    bytes,
    spans: layout(bytes),
    view: describe(result.message, destination),
  };
}

/** What the pointer (mouse or keyboard focus) rests on: a row of the tree or a byte of the dump. */
export type Pointer = { field: FieldId } | { byte: number };

export interface Highlight {
  fields: ReadonlySet<FieldId>;
  bytes: ReadonlySet<number>;
}

export const NO_HIGHLIGHT: Highlight = { fields: new Set(), bytes: new Set() };

/**
 * Links the tree and the dump: a row lights up its bytes; a byte lights up every row whose span
 * covers it (byte 0 holds three header fields) and those rows' bytes.
 */
export function highlight(spans: readonly ByteSpan[], pointer: Pointer | null): Highlight {
  if (pointer === null) return NO_HIGHLIGHT;
  const hit =
    'field' in pointer
      ? spans.filter((s) => s.field === pointer.field)
      : spansAt(spans, pointer.byte);
  const bytes = new Set<number>();
  for (const s of hit) for (let i = s.start; i < s.end; i++) bytes.add(i);
  return { fields: new Set(hit.map((s) => s.field)), bytes };
}
