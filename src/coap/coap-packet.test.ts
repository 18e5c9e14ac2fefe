// Cross-check against the `coap-packet` npm package (dev-only): on every message both accept,
// our encode and its generate write the same bytes, and our decode and its parse read the same
// fields. Corpus: the hand-made vectors and every UDP payload of libcoap-session.pcap.
import { readFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { generate, parse, type Packet, type ParsedPacket } from 'coap-packet';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPcap } from '../capture';
import { CORPUS } from './corpus';
import {
  EMPTY,
  MESSAGE_TYPES,
  codeDotted,
  decode,
  encode,
  optionNumber,
  parseHex,
  toHex,
  type CoapMessage,
  type CoapOption,
  type MessageType,
} from './index';

// coap-packet names options it knows (including a few our registry does not) and numbers the rest.
const THEIR_EXTRA_NAMES: Record<string, number> = {
  OSCORE: 9,
  'Hop-Limit': 16,
  'Q-Block1': 19,
  'Q-Block2': 31,
  'OCF-Accept-Content-Format-Version': 2049,
  'OCF-Content-Format-Version': 2053,
};
const theirOptionNumber = (name: string | number) =>
  typeof name === 'number' ? name : (optionNumber(name) ?? THEIR_EXTRA_NAMES[name] ?? Number(name));

function theirType(p: ParsedPacket): MessageType {
  if (p.confirmable) return 'CON';
  if (p.ack) return 'ACK';
  if (p.reset) return 'RST';
  return 'NON';
}

/** What coap-packet's parse read, in our shape. */
function fromTheirs(p: ParsedPacket) {
  return {
    type: theirType(p),
    code: p.code,
    messageId: p.messageId,
    token: toHex(p.token),
    options: p.options.map((o) => [theirOptionNumber(o.name), toHex(o.value)]),
    payload: toHex(p.payload),
  };
}
function fromOurs(m: CoapMessage) {
  return {
    type: m.type,
    code: codeDotted(m.code),
    messageId: m.messageId,
    token: toHex(m.token),
    options: m.options.map((o) => [o.number, toHex(o.value)]),
    payload: toHex(m.payload),
  };
}

/** Our message as a coap-packet Packet (fresh each time: generate sorts its options in place). */
function toTheirs(m: CoapMessage): Packet {
  return {
    confirmable: m.type === 'CON',
    ack: m.type === 'ACK',
    reset: m.type === 'RST',
    code: codeDotted(m.code),
    messageId: m.messageId,
    token: Buffer.from(m.token),
    options: m.options.map((o) => ({ name: o.number, value: Buffer.from(o.value) })),
    payload: Buffer.from(m.payload),
  };
}

const hex = (text: string) => {
  const r = parseHex(text);
  if (!r.ok) throw new Error(r.error);
  return r.bytes;
};
const capture = readPcap(
  new Uint8Array(
    readFileSync(new URL('../capture/testing/fixtures/libcoap-session.pcap', import.meta.url)),
  ),
);
if (!capture.ok) throw new Error(capture.error.reason);
const corpus: [string, Uint8Array][] = [
  ...CORPUS.map((c): [string, Uint8Array] => [c.name, hex(c.hex)]),
  ...capture.datagrams.map((d): [string, Uint8Array] => [`pcap frame ${d.index + 1}`, d.payload]),
];

describe('coap-packet agrees with our codec', () => {
  it(`covers the hand-made vectors and all ${capture.datagrams.length} pcap payloads`, () => {
    expect(corpus.length).toBe(CORPUS.length + 179);
  });

  it.each(corpus)('%s: same fields decoded, same bytes encoded', (_, bytes) => {
    const ours = decode(bytes);
    if (!ours.ok) throw new Error(ours.error.reason);
    expect(fromOurs(ours.message)).toEqual(fromTheirs(parse(Buffer.from(bytes))));
    const theirs = generate(toTheirs(ours.message), 70_000);
    expect(toHex(encode(ours.message))).toBe(toHex(theirs));
    expect(toHex(theirs)).toBe(toHex(bytes));
  });

  it('writes the same bytes as generate for random valid messages, options in any order', () => {
    const option = fc.record({
      number: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 0xffff })),
      value: fc.oneof(fc.uint8Array({ maxLength: 14 }), fc.uint8Array({ maxLength: 300 })),
    });
    const message: fc.Arbitrary<CoapMessage> = fc.oneof(
      fc.record({
        type: fc.constantFrom(...MESSAGE_TYPES),
        code: fc.integer({ min: 1, max: 0xff }),
        messageId: fc.integer({ min: 0, max: 0xffff }),
        token: fc.uint8Array({ maxLength: 8 }),
        options: fc.array(option, { maxLength: 6 }),
        payload: fc.uint8Array({ maxLength: 300 }),
      }),
      fc.record({
        type: fc.constantFrom(...MESSAGE_TYPES),
        code: fc.constant(0),
        messageId: fc.integer({ min: 0, max: 0xffff }),
        token: fc.constant(EMPTY),
        options: fc.constant<CoapOption[]>([]),
        payload: fc.constant(EMPTY),
      }),
    );
    fc.assert(
      fc.property(message, (m) => {
        const ours = encode(m);
        expect(toHex(ours)).toBe(toHex(generate(toTheirs(m), 70_000)));
        const decoded = decode(ours);
        if (!decoded.ok) throw new Error(decoded.error.reason);
        expect(fromOurs(decoded.message)).toEqual(fromTheirs(parse(Buffer.from(ours))));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('where coap-packet is lenient and we follow RFC 7252', () => {
  // coap-packet reads these without complaint; each is a message format error (gateway-behaviour §1.3: RST).
  const theyRead = (bytes: Uint8Array) => {
    try {
      parse(Buffer.from(bytes));
      return 'read';
    } catch {
      return 'threw';
    }
  };
  it.each([
    [
      'a truncated option value (it slices what is there)',
      '40 01 00 01 b4 6d 71',
      'option-value-truncated',
    ],
    ['a payload marker with no payload', '40 01 00 01 ff', 'payload-marker-without-payload'],
    [
      'token length 9 (reserved; it reads 9 bytes)',
      '49 01 00 01 010203040506070809',
      'token-length-reserved',
    ],
    ['option number past 65535', '40 01 00 01 e0 ff ff', 'option-number-too-large'],
  ])('%s', (_, text, reason) => {
    const bytes = hex(text);
    expect(theyRead(bytes)).toBe('read');
    expect(decode(bytes)).toMatchObject({ ok: false, error: { reason } });
  });
});
