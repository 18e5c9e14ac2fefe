// Every way `decode` refuses bytes: the reason, the exact byte offset, and the rule it cites.
import { describe, expect, it } from 'vitest';
import { decode, parseHex, type DecodeErrorReason } from './index';

const hex = (text: string): Uint8Array => {
  const r = parseHex(text);
  if (!r.ok) throw new Error(r.error);
  return r.bytes;
};

function refuses(bytes: string, reason: DecodeErrorReason, offset: number) {
  const r = decode(hex(bytes));
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.error).toMatchObject({ reason, offset });
}

// Keyed by every DecodeErrorReason: adding a reason to message.ts without a case here fails tsc.
const cases: Record<DecodeErrorReason, [title: string, hex: string, offset: number][]> = {
  'too-short': [
    ['refuses an empty datagram', '', 0],
    ['refuses a 1-byte datagram', '40', 0],
    ['refuses a 3-byte datagram (the header needs 4)', '40 01 00', 0],
  ],
  'unsupported-version': [
    ['ignores version 0', '00 01 00 01', 0],
    ['ignores version 2', '80 01 00 01', 0],
    ['ignores version 3, even with a valid-looking rest', 'c1 01 00 01 aa', 0],
    ['ignores a wrong version before looking at the token length', '0f 01 00 01', 0],
  ],
  'token-length-reserved': [9, 10, 11, 12, 13, 14, 15].map((tkl) => [
    `refuses token length ${tkl}`,
    `4${tkl.toString(16)} 01 00 01 ${'00'.repeat(tkl)}`,
    0,
  ]),
  'token-truncated': [
    ['refuses a token length of 1 with no token byte', '41 01 00 01', 4],
    ['refuses an 8-byte token with 7 bytes present', '48 01 00 01 01020304050607', 4],
  ],
  'empty-message-not-empty': [
    ['refuses an Empty message (0.00) with a token length', '61 00 00 01 aa', 0],
    ['refuses an Empty message with a token length but no token byte', '41 00 00 01', 0],
    ['refuses an Empty message with a byte after the Message ID', '60 00 00 01 ff', 4],
    ['refuses an Empty message with an option', '40 00 00 01 b1 61', 4],
    ['refuses an Empty RST with a payload', '70 00 00 01 ff 61', 4],
  ],
  'option-delta-reserved': [
    ['refuses option delta nibble 15 in the first option', '40 01 00 01 f0', 4],
    ['refuses delta nibble 15 after the token', '41 01 00 01 aa f1 61', 5],
    ['refuses delta nibble 15 after another option', '40 01 00 01 b1 61 f1 62', 6],
    ['refuses 0xFE, which only looks like a payload marker', '40 01 00 01 fe 61', 4],
  ],
  'option-length-reserved': [
    ['refuses option length nibble 15', '40 01 00 01 bf 61', 4],
    ['refuses length nibble 15 after another option', '40 01 00 01 b1 61 0f', 6],
    [
      'refuses 0xDF at the end: the nibble is wrong before the delta byte is missing',
      '40 01 00 01 df',
      4,
    ],
    ['refuses 0xEF with its delta bytes present', '40 01 00 01 ef 00 00 61', 4],
  ],
  'option-delta-truncated': [
    ['refuses a 13-form delta with no extended byte', '40 01 00 01 d0', 5],
    ['refuses a 14-form delta with no extended bytes', '40 01 00 01 e0', 5],
    ['refuses a 14-form delta with one of two extended bytes', '40 01 00 01 e0 00', 5],
    ['refuses a 13-form delta cut off after another option', '40 01 00 01 b1 61 d1', 7],
  ],
  'option-length-truncated': [
    ['refuses a 13-form length with no extended byte', '40 01 00 01 bd', 5],
    ['refuses a 14-form length with no extended bytes', '40 01 00 01 be', 5],
    ['refuses a 14-form length with one of two extended bytes', '40 01 00 01 be 00', 5],
    ['refuses a 13-form length after a 13-form delta', '40 01 00 01 dd 00', 6],
    ['refuses a 14-form length after a 14-form delta', '40 01 00 01 ee 00 00 00', 7],
  ],
  'option-value-truncated': [
    ['refuses a Uri-Path "mqtt" with 3 bytes present', '40 01 00 01 b4 6d 71 74', 5],
    ['refuses a 1-byte value with nothing after the header', '40 01 00 01 61', 5],
    [
      'refuses a 13-form length of 13 with 12 bytes present',
      `40 01 00 01 bd 00 ${'61'.repeat(12)}`,
      6,
    ],
    [
      'refuses a 300-byte Uri-Path with 299 bytes present',
      `40 01 00 01 be 00 1f ${'61'.repeat(299)}`,
      7,
    ],
    ['refuses a value that would swallow the payload marker', '40 01 00 01 b3 61 ff', 5],
  ],
  'option-number-too-large': [
    ['refuses a single delta of 65804 (0xffff + 269)', '40 01 00 01 e0 ff ff', 4],
    ['refuses deltas adding up to 65536', '40 01 00 01 e0 fe f2 10', 7],
    ['refuses option 65536 reached in the 13 form', '40 01 00 01 e0 fe e5 d0 01', 7],
  ],
  'payload-marker-without-payload': [
    ['refuses a payload marker at the end of a request', '40 01 00 01 ff', 4],
    ['refuses a payload marker after a token and options', '41 02 00 01 aa b1 61 ff', 7],
  ],
};

describe.each(Object.entries(cases))('%s', (reason, list) => {
  it.each(list)('%s', (_, bytes, offset) => {
    refuses(bytes, reason as DecodeErrorReason, offset);
  });
});

describe('every refusal explains itself', () => {
  const all = Object.values(cases).flat();
  it.each(all)('%s: cites RFC 7252 and says what was wrong', (_, bytes) => {
    const r = decode(hex(bytes));
    if (r.ok) throw new Error('expected a refusal');
    expect(r.error.rfc).toMatch(/^7252 §/);
    expect(r.error.message.length).toBeGreaterThan(20);
    expect(r.error.offset).toBeGreaterThanOrEqual(0);
    expect(r.error.offset).toBeLessThanOrEqual(hex(bytes).length);
  });
});

describe('limits that are accepted, beside the ones refused', () => {
  it('accepts an 8-byte token', () => {
    expect(decode(hex('48 01 00 01 0102030405060708')).ok).toBe(true);
  });
  it('accepts option number 65535 (deltas adding up to exactly 0xffff)', () => {
    const r = decode(hex('40 01 00 01 e0 fe f2'));
    expect(r.ok && r.message.options.map((o) => o.number)).toEqual([65535]);
  });
  it('accepts a 1-byte payload after the marker', () => {
    const r = decode(hex('40 01 00 01 ff 61'));
    expect(r.ok && Array.from(r.message.payload)).toEqual([0x61]);
  });
  it('accepts a CoAP ping (an Empty CON) and an Empty NON', () => {
    expect(decode(hex('40 00 00 01')).ok).toBe(true);
    expect(decode(hex('50 00 00 01')).ok).toBe(true);
  });
  it('decodes reserved code classes and unknown options as they are (the gateway judges them)', () => {
    const r = decode(hex('40 e1 00 01 e1 06 f3 78'));
    expect(r.ok && [r.message.code, r.message.options[0].number]).toEqual([0xe1, 2048]);
  });
  it('reads the first error by position: a bad token length wins over a bad code', () => {
    refuses('4f 00 00 01', 'token-length-reserved', 0);
  });
});
