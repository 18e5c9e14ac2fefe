// Random-input properties of the codec (fast-check).
//
// The properties asserted, precisely:
//  P1  For every valid message m (token ≤ 8 bytes, option numbers 0..65535, values ≤ 65804 bytes,
//      an Empty code carrying nothing): decode(encode(m)) is { ok: true, message: m' } where m' is
//      m with its options stably sorted by number (the order encode writes them in).
//  P2  For every byte string b, decode(b) returns (never throws) either a message or an error
//      with a known reason and 0 ≤ offset ≤ b.length.
//  P3  For every byte string b with decode(b).ok: encode(decode(b).message) is exactly b.
//      This needs no "shortest form" proviso: the three delta/length forms of RFC 7252 §3.1 cover
//      disjoint ranges (0–12 in the nibble, 13–268 in the 13 form, 269–65804 in the 14 form),
//      so every delta and length has exactly one encoding; a payload marker before an empty
//      payload is refused; deltas are non-negative, so decoded options are already in order;
//      and option values stay raw bytes (a uint with leading zeros is kept as sent). Decode is
//      therefore injective and encode undoes it on every input decode accepts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CORPUS } from './corpus';
import { messagesEqual } from './fuzz';
import {
  EMPTY,
  MESSAGE_TYPES,
  OPTIONS,
  bytesEqual,
  decode,
  encode,
  parseHex,
  toHex,
  type CoapMessage,
  type CoapOption,
  type DecodeErrorReason,
} from './index';

const REASONS: readonly DecodeErrorReason[] = [
  'too-short',
  'unsupported-version',
  'token-length-reserved',
  'token-truncated',
  'empty-message-not-empty',
  'option-delta-reserved',
  'option-length-reserved',
  'option-delta-truncated',
  'option-length-truncated',
  'option-value-truncated',
  'option-number-too-large',
  'payload-marker-without-payload',
];

const optionNumber = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...Object.keys(OPTIONS).map(Number)) },
  { weight: 1, arbitrary: fc.constantFrom(0, 12, 13, 25, 268, 269, 281, 537, 2048, 65535) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }) },
);
const optionValue = fc.oneof(
  { weight: 8, arbitrary: fc.uint8Array({ maxLength: 14 }) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 260, maxLength: 280 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 600 }) },
);
const option: fc.Arbitrary<CoapOption> = fc.record({ number: optionNumber, value: optionValue });
const type = fc.constantFrom(...MESSAGE_TYPES);
const messageId = fc.integer({ min: 0, max: 0xffff });

const validMessage: fc.Arbitrary<CoapMessage> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      type,
      code: fc.constant(0),
      messageId,
      token: fc.constant(EMPTY),
      options: fc.constant<CoapOption[]>([]),
      payload: fc.constant(EMPTY),
    }),
  },
  {
    weight: 9,
    arbitrary: fc.record({
      type,
      code: fc.integer({ min: 1, max: 0xff }),
      messageId,
      token: fc.uint8Array({ maxLength: 8 }),
      options: fc.array(option, { maxLength: 8 }),
      payload: fc.oneof(fc.uint8Array({ maxLength: 24 }), fc.uint8Array({ maxLength: 400 })),
    }),
  },
);

const sortedByNumber = (options: CoapOption[]) => [...options].sort((a, b) => a.number - b.number);

/** Bytes near valid messages: one to three edits of an encoded message. */
const edit = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.nat(255) }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.nat(255) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);
type Edit = typeof edit extends fc.Arbitrary<infer E> ? E : never;
function applyEdit(b: Uint8Array, e: Edit): Uint8Array {
  const at = b.length === 0 ? 0 : e.at % b.length;
  const out = Array.from(b);
  if (e.kind === 'set') out[at] = e.byte;
  else if (e.kind === 'flip') out[at] ^= 1 << e.bit;
  else if (e.kind === 'insert') out.splice(at, 0, e.byte);
  else if (e.kind === 'delete') out.splice(at, 1);
  else out.length = at;
  return Uint8Array.from(out);
}
const corpus = CORPUS.map((c) => {
  const r = parseHex(c.hex);
  if (!r.ok) throw new Error(c.name);
  return r.bytes;
});
const nearValid = fc
  .tuple(
    fc.oneof(validMessage.map(encode), fc.constantFrom(...corpus)),
    fc.array(edit, { minLength: 1, maxLength: 3 }),
  )
  .map(([bytes, edits]) => edits.reduce(applyEdit, bytes));
const anyBytes = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc
    .tuple(fc.integer({ min: 0x40, max: 0x7f }), fc.uint8Array({ maxLength: 40 }))
    .map(([b0, rest]) => Uint8Array.of(b0, ...rest)),
  nearValid,
);

describe('codec properties', () => {
  it('P1: decode(encode(m)) is m, options stably sorted by number', () => {
    fc.assert(
      fc.property(validMessage, (m) => {
        const expected = { ...m, options: sortedByNumber(m.options) };
        const r = decode(encode(m));
        // messagesEqual is the fast path; toEqual explains a failure.
        if (!r.ok || !messagesEqual(r.message, expected)) {
          expect(r).toEqual({ ok: true, message: expected });
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('P2: decode returns a result for any bytes and never throws', () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        const r = decode(bytes);
        if (r.ok) return true;
        const { reason, offset, rfc } = r.error;
        return (
          REASONS.includes(reason) &&
          offset >= 0 &&
          offset <= bytes.length &&
          rfc.startsWith('7252 §')
        );
      }),
      { numRuns: 5000 },
    );
  });

  it('P3: every successful decode re-encodes to the identical bytes', () => {
    let decoded = 0;
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        const r = decode(bytes);
        if (!r.ok) return;
        decoded++;
        const again = encode(r.message);
        if (!bytesEqual(again, bytes)) expect(toHex(again)).toBe(toHex(bytes));
      }),
      { numRuns: 5000 },
    );
    // The property is not vacuous: a good share of the inputs were accepted.
    expect(decoded).toBeGreaterThan(500);
  });

  it('P3 on the edges: messages that differ in one byte never decode to the same message', () => {
    fc.assert(
      fc.property(validMessage, fc.nat(), fc.integer({ min: 1, max: 255 }), (m, at, x) => {
        const a = encode(m);
        const b = a.slice();
        b[at % b.length] ^= x;
        const ra = decode(a);
        const rb = decode(b);
        return !(ra.ok && rb.ok && messagesEqual(ra.message, rb.message));
      }),
      { numRuns: 2000 },
    );
  });

  it('the whole corpus decodes and re-encodes byte for byte', () => {
    for (const bytes of corpus) {
      const r = decode(bytes);
      expect(r.ok).toBe(true);
      if (r.ok) expect(encode(r.message)).toEqual(bytes);
    }
  });
});
