import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  OPT,
  decode,
  encode,
  encodeString,
  encodeUint,
  optionName,
  parseHex,
  type CoapMessage,
} from '../../../coap/index';
import { fieldKind, layout, spansAt, type ByteSpan } from './layout';

const hex = (text: string): Uint8Array => {
  const r = parseHex(text);
  if (!r.ok) throw new Error(r.error);
  return r.bytes;
};
const compact = (spans: ByteSpan[]) => spans.map((s) => [s.field, s.label, s.start, s.end]);

describe('layout', () => {
  it('maps the libcoap connect request field by field', () => {
    const bytes = hex(
      '41 02 1a 36 01 b4 6d 71 74 74 0a 63 6f 6e 6e 65 63 74 69 6f 6e 4c 63 6c 69 65 6e 74 69 64 3d 31 32 33',
    );
    expect(compact(layout(bytes))).toEqual([
      ['version', 'Version', 0, 1],
      ['type', 'Type', 0, 1],
      ['token-length', 'Token length', 0, 1],
      ['code', 'Code', 1, 2],
      ['message-id', 'Message ID', 2, 4],
      ['token', 'Token', 4, 5],
      ['option-0', 'Uri-Path', 5, 10], // b4 + "mqtt"
      ['option-1', 'Uri-Path', 10, 21], // 0a + "connection"
      ['option-2', 'Uri-Query', 21, 34], // 4c + "clientid=123"
    ]);
  });

  it('gives an Empty ACK only its 4-byte header', () => {
    expect(compact(layout(hex('60 00 12 34')))).toEqual([
      ['version', 'Version', 0, 1],
      ['type', 'Type', 0, 1],
      ['token-length', 'Token length', 0, 1],
      ['code', 'Code', 1, 2],
      ['message-id', 'Message ID', 2, 4],
    ]);
  });

  it('spans the payload marker and the payload separately', () => {
    // ACK 2.05, no token, Content-Format 0 (zero-length uint), payload "hi"
    const spans = layout(hex('60 45 00 01 c0 ff 68 69'));
    expect(compact(spans.slice(5))).toEqual([
      ['option-0', 'Content-Format', 4, 5],
      ['payload-marker', 'Payload marker', 5, 6],
      ['payload', 'Payload', 6, 8],
    ]);
  });

  it('counts extended delta and length bytes into the option (RFC 7252 §3.1)', () => {
    const long = 'x'.repeat(300); // length 300 → nibble 14 + two bytes
    const m: CoapMessage = {
      type: 'NON',
      code: 0x01,
      messageId: 1,
      token: new Uint8Array(0),
      options: [
        { number: OPT.UriPath, value: encodeString('a') }, // delta 11
        { number: OPT.Size1, value: encodeUint(1024) }, // delta 49 → nibble 13 + one byte
        { number: 2048, value: encodeString(long) }, // delta 1988 → nibble 14 + two bytes
      ],
      payload: new Uint8Array(0),
    };
    const bytes = encode(m);
    const options = layout(bytes).filter((s) => fieldKind(s.field) === 'option');
    expect(compact(options)).toEqual([
      ['option-0', 'Uri-Path', 4, 6],
      ['option-1', 'Size1', 6, 10], // d2 | ext delta 36 | 04 00
      ['option-2', 'Option 2048', 10, 10 + 1 + 2 + 2 + 300],
    ]);
    expect(options[2].end).toBe(bytes.length);
  });

  it('finds every field that covers a byte', () => {
    const spans = layout(hex('41 02 1a 36 01 b4 6d 71 74 74'));
    expect(spansAt(spans, 0).map((s) => s.field)).toEqual(['version', 'type', 'token-length']);
    expect(spansAt(spans, 3).map((s) => s.field)).toEqual(['message-id']);
    expect(spansAt(spans, 7).map((s) => s.field)).toEqual(['option-0']);
    expect(spansAt(spans, 10)).toEqual([]);
  });

  it('tiles any decodable message: every byte after byte 0 in exactly one span, options as decoded', () => {
    const option = fc.record({
      number: fc.oneof(
        fc.constantFrom(1, 4, 6, 11, 12, 15, 23, 27, 60),
        fc.integer({ min: 0, max: 0xffff }),
      ),
      value: fc.uint8Array({ maxLength: 300 }),
    });
    const message = fc.record({
      type: fc.constantFrom('CON', 'NON', 'ACK', 'RST'),
      code: fc.integer({ min: 1, max: 0xff }),
      messageId: fc.integer({ min: 0, max: 0xffff }),
      token: fc.uint8Array({ maxLength: 8 }),
      options: fc.array(option, { maxLength: 6 }),
      payload: fc.uint8Array({ maxLength: 40 }),
    });
    fc.assert(
      fc.property(message, (m) => {
        const bytes = encode(m as CoapMessage);
        const decoded = decode(bytes);
        if (!decoded.ok) throw new Error(decoded.error.message);
        const spans = layout(bytes);
        for (let i = 1; i < bytes.length; i++) expect(spansAt(spans, i)).toHaveLength(1);
        expect(spansAt(spans, 0)).toHaveLength(3);
        const options = spans.filter((s) => fieldKind(s.field) === 'option');
        expect(options.map((s) => s.label)).toEqual(
          decoded.message.options.map((o) => optionName(o.number)),
        );
        options.forEach((s, k) => {
          const valueLength = decoded.message.options[k].value.length;
          // 1 head byte + 0..4 extended bytes + the value
          expect(s.end - s.start - valueLength).toBeGreaterThanOrEqual(1);
          expect(s.end - s.start - valueLength).toBeLessThanOrEqual(5);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('fieldKind', () => {
  it('sorts fields into header, token, option, marker and payload', () => {
    expect(fieldKind('version')).toBe('header');
    expect(fieldKind('message-id')).toBe('header');
    expect(fieldKind('token')).toBe('token');
    expect(fieldKind('option-12')).toBe('option');
    expect(fieldKind('payload-marker')).toBe('marker');
    expect(fieldKind('payload')).toBe('payload');
  });
});
