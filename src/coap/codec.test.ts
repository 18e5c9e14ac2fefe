// Codec vectors, four tests each (mqtt-packet's testParseGenerate): parse to the expected message,
// encode to the exact hex, round-trip both ways, and one mutated byte changing or breaking the result.
import { describe, expect, it } from 'vitest';
import {
  CODES,
  EMPTY,
  OPT,
  decode,
  encode,
  encodeString,
  parseHex,
  parseUri,
  toHex,
  type CoapMessage,
  type CoapOption,
  type DecodeErrorReason,
} from './index';

const hex = (text: string): Uint8Array => {
  const r = parseHex(text);
  if (!r.ok) throw new Error(r.error);
  return r.bytes;
};
const opt = (number: number, value: string | Uint8Array): CoapOption => ({
  number,
  value: typeof value === 'string' ? encodeString(value) : value,
});
const path = (s: string) => opt(OPT.UriPath, s);
const query = (s: string) => opt(OPT.UriQuery, s);
const bytesOf = (n: number, fill: number) => new Uint8Array(n).fill(fill);
function msg(m: Partial<CoapMessage> & Pick<CoapMessage, 'type' | 'code' | 'messageId'>) {
  return { token: EMPTY, options: [], payload: EMPTY, ...m } satisfies CoapMessage;
}

type Outcome = CoapMessage | { reason: DecodeErrorReason; offset: number };
interface Vector {
  name: string;
  hex: string;
  message: CoapMessage;
  /** What `encode` is given when it differs from the parsed message (options out of order). */
  input?: CoapMessage;
  mutation: { why: string; at: number; to: number; becomes: Outcome };
}

const temperature = path('temperature');
const observeGet = (mid: number, token: string, observe: Uint8Array) =>
  msg({
    type: 'CON',
    code: CODES.GET,
    messageId: mid,
    token: encodeString(token),
    options: [opt(OPT.Observe, observe), path('ps'), path('coap'), path('test')],
  });
const connection = msg({
  type: 'CON',
  code: CODES.POST,
  messageId: 0xa2fb,
  token: hex('01'),
  options: [
    path('mqtt'),
    path('connection'),
    query('clientid=123'),
    query('username=admin'),
    query('password=public'),
  ],
});
const block2 = msg({
  type: 'ACK',
  code: CODES.CONTENT,
  messageId: 0x1234,
  token: hex('42'),
  options: [opt(OPT.Block2, hex('1a'))],
  payload: bytesOf(64, 0x61),
});
const lengths = msg({
  type: 'CON',
  code: CODES.GET,
  messageId: 10,
  options: [12, 13, 268, 269].map((n, k) => opt(OPT.UriPath, bytesOf(n, 0x61 + k))),
});
const sortedInput = [query('a=1'), path('ps'), opt(OPT.UriHost, 'h'), path('x'), query('b=2')];

const vectors: Vector[] = [
  {
    name: 'RFC 7252 Appendix A (Fig. 16): CON GET /temperature with no token',
    hex: '40 01 7d 34 bb 74656d7065726174757265',
    message: msg({ type: 'CON', code: CODES.GET, messageId: 0x7d34, options: [temperature] }),
    mutation: {
      why: 'type bits 01 make it NON',
      at: 0,
      to: 0x50,
      becomes: msg({ type: 'NON', code: CODES.GET, messageId: 0x7d34, options: [temperature] }),
    },
  },
  {
    name: 'RFC 7252 Appendix A (Fig. 16): piggybacked ACK 2.05 "22.3 C"',
    hex: '60 45 7d 34 ff 32322e332043',
    message: msg({
      type: 'ACK',
      code: CODES.CONTENT,
      messageId: 0x7d34,
      payload: encodeString('22.3 C'),
    }),
    mutation: {
      why: '0xF0 is no payload marker',
      at: 4,
      to: 0xf0,
      becomes: err('option-delta-reserved', 4),
    },
  },
  {
    name: 'RFC 7252 Appendix A (Fig. 17): CON GET /temperature with token 0x20',
    hex: '41 01 7d 35 20 bb 74656d7065726174757265',
    message: msg({
      type: 'CON',
      code: CODES.GET,
      messageId: 0x7d35,
      token: hex('20'),
      options: [temperature],
    }),
    mutation: {
      why: 'a 2-byte token swallows the option header; "temperature" then reads as options',
      at: 0,
      to: 0x42,
      becomes: err('option-value-truncated', 15),
    },
  },
  {
    name: 'CON GET with no token and nothing else (4 bytes)',
    hex: '40 01 12 34',
    message: msg({ type: 'CON', code: CODES.GET, messageId: 0x1234 }),
    mutation: {
      why: 'code 0.02 is POST',
      at: 1,
      to: 0x02,
      becomes: msg({ type: 'CON', code: CODES.POST, messageId: 0x1234 }),
    },
  },
  {
    name: 'empty ACK of a notification (libcoap, pcap frame 12)',
    hex: '60 00 ea 07',
    message: msg({ type: 'ACK', code: CODES.EMPTY, messageId: 0xea07 }),
    mutation: {
      why: 'an Empty message with a token length',
      at: 0,
      to: 0x61,
      becomes: err('empty-message-not-empty', 0),
    },
  },
  {
    name: 'RST',
    hex: '70 00 12 34',
    message: msg({ type: 'RST', code: CODES.EMPTY, messageId: 0x1234 }),
    mutation: { why: 'version 2', at: 0, to: 0xb0, becomes: err('unsupported-version', 0) },
  },
  {
    name: 'CON POST /mqtt/connection?clientid=123&username=admin&password=public, token 01, exactly as libcoap sends it (pcap frame 1)',
    hex: '41 02 a2 fb 01 b4 6d717474 0a 636f6e6e656374696f6e 4c 636c69656e7469643d313233 0d 01 757365726e616d653d61646d696e 0d 02 70617373776f72643d7075626c6963',
    message: connection,
    mutation: {
      why: 'delta 3 instead of 4 turns every Uri-Query into Max-Age (14): deltas chain',
      at: 21,
      to: 0x3c,
      becomes: {
        ...connection,
        options: connection.options.map((o) =>
          o.number === OPT.UriQuery ? { ...o, number: 14 } : o,
        ),
      },
    },
  },
  {
    name: 'observe registration with a 0-length Observe and an 8-byte token (libcoap -s, pcap frame 9)',
    hex: '48 01 8b 9a 6f6273746f6b656f 60 52 7073 04 636f6170 04 74657374',
    message: observeGet(0x8b9a, 'obstokeo', EMPTY),
    mutation: { why: 'token length 9', at: 0, to: 0x49, becomes: err('token-length-reserved', 0) },
  },
  {
    name: 'observe registration with a 1-byte 0x00 Observe (libcoap -O 6,0x00, pcap frame 142)',
    hex: '41 01 a6 ea 01 61 00 52 7073 04 636f6170 04 74657374',
    message: { ...observeGet(0xa6ea, '\x01', hex('00')) },
    mutation: {
      why: 'Observe 1 is a deregistration',
      at: 6,
      to: 0x01,
      becomes: observeGet(0xa6ea, '\x01', hex('01')),
    },
  },
  {
    name: 'ACK 2.05 with an 8-byte token',
    hex: '68 45 00 01 0102030405060708 ff 6f6b',
    message: msg({
      type: 'ACK',
      code: CODES.CONTENT,
      messageId: 1,
      token: hex('0102030405060708'),
      payload: encodeString('ok'),
    }),
    mutation: {
      why: 'token length 7 makes the last token byte an option header wanting 8 bytes',
      at: 0,
      to: 0x67,
      becomes: err('option-value-truncated', 12),
    },
  },
  {
    name: 'CON 2.05 notification with a 3-byte Observe',
    hex: '48 45 be ef 6f6273746f6b656f 63 3a2b1c ff 32312e35',
    message: msg({
      type: 'CON',
      code: CODES.CONTENT,
      messageId: 0xbeef,
      token: encodeString('obstokeo'),
      options: [opt(OPT.Observe, hex('3a2b1c'))],
      payload: encodeString('21.5'),
    }),
    mutation: {
      why: 'a leading zero byte is kept as sent: option values are raw bytes',
      at: 13,
      to: 0x00,
      becomes: msg({
        type: 'CON',
        code: CODES.CONTENT,
        messageId: 0xbeef,
        token: encodeString('obstokeo'),
        options: [opt(OPT.Observe, hex('002b1c'))],
        payload: encodeString('21.5'),
      }),
    },
  },
  {
    name: 'ACK 2.05 with Block2 1/more/64 (delta 23 in the 13 form)',
    hex: '61 45 12 34 42 d1 0a 1a ff' + '61'.repeat(64),
    message: block2,
    mutation: {
      why: 'extended delta 14 makes it Block1 (27)',
      at: 6,
      to: 0x0e,
      becomes: { ...block2, options: [opt(OPT.Block1, hex('1a'))] },
    },
  },
  {
    name: 'option 2048 (delta 2048 in the 14 form: 0x06f3 + 269)',
    hex: '40 01 00 07 e1 06f3 78',
    message: msg({ type: 'CON', code: CODES.GET, messageId: 7, options: [opt(2048, 'x')] }),
    mutation: {
      why: 'the high delta byte counts 256',
      at: 5,
      to: 0x07,
      becomes: msg({ type: 'CON', code: CODES.GET, messageId: 7, options: [opt(2304, 'x')] }),
    },
  },
  {
    name: 'deltas 12, 13, 268 and 269 (nibble, 13 form low and high, 14 form low)',
    hex: '40 01 00 09 c0 d0 00 d0 ff e0 00 00',
    message: msg({
      type: 'CON',
      code: CODES.GET,
      messageId: 9,
      options: [12, 25, 293, 562].map((n) => opt(n, EMPTY)),
    }),
    mutation: { why: 'delta nibble 15', at: 9, to: 0xf0, becomes: err('option-delta-reserved', 9) },
  },
  {
    name: 'lengths 12, 13, 268 and 269 (nibble, 13 form low and high, 14 form low)',
    hex:
      '40 01 00 0a' +
      ('bc' + '61'.repeat(12)) +
      ('0d 00' + '62'.repeat(13)) +
      ('0d ff' + '63'.repeat(268)) +
      ('0e 00 00' + '64'.repeat(269)),
    message: lengths,
    mutation: {
      why: 'a 270-byte length runs one byte past the end',
      at: 4 + 13 + 15 + 270 + 2,
      to: 0x01,
      becomes: err('option-value-truncated', 4 + 13 + 15 + 270 + 3),
    },
  },
  {
    name: 'a 300-byte Uri-Path (14-form length 0x001f + 269)',
    hex: '40 01 00 08 be 00 1f' + '61'.repeat(300),
    message: msg({
      type: 'CON',
      code: CODES.GET,
      messageId: 8,
      options: [opt(11, bytesOf(300, 0x61))],
    }),
    mutation: { why: 'length 301', at: 6, to: 0x20, becomes: err('option-value-truncated', 7) },
  },
  {
    name: 'NON POST with a 300-byte payload',
    hex: '50 02 00 0b ff' + '7a'.repeat(300),
    message: msg({ type: 'NON', code: CODES.POST, messageId: 11, payload: bytesOf(300, 0x7a) }),
    mutation: {
      why: '0xFE is no payload marker',
      at: 4,
      to: 0xfe,
      becomes: err('option-delta-reserved', 4),
    },
  },
  {
    name: 'options given out of order are written sorted, repeated ones in the order given',
    hex: '40 02 00 0c 31 68 82 7073 01 78 43 613d31 03 623d32',
    input: msg({ type: 'CON', code: CODES.POST, messageId: 12, options: sortedInput }),
    message: msg({
      type: 'CON',
      code: CODES.POST,
      messageId: 12,
      options: [opt(OPT.UriHost, 'h'), path('ps'), path('x'), query('a=1'), query('b=2')],
    }),
    mutation: {
      why: 'code 0.03 is PUT',
      at: 1,
      to: 0x03,
      becomes: msg({
        type: 'CON',
        code: CODES.PUT,
        messageId: 12,
        options: [opt(OPT.UriHost, 'h'), path('ps'), path('x'), query('a=1'), query('b=2')],
      }),
    },
  },
];

function err(reason: DecodeErrorReason, offset: number) {
  return { reason, offset };
}

describe.each(vectors)('$name', (v) => {
  const bytes = hex(v.hex);

  it('parses to the expected message', () => {
    const r = decode(bytes);
    expect(r).toEqual({ ok: true, message: v.message });
  });

  it('encodes to the exact bytes', () => {
    expect(toHex(encode(v.input ?? v.message))).toBe(toHex(bytes));
  });

  it('round-trips: decode(encode(m)) is m and encode(decode(b)) is b', () => {
    const again = decode(encode(v.message));
    expect(again).toEqual({ ok: true, message: v.message });
    const r = decode(bytes);
    if (!r.ok) throw new Error(r.error.reason);
    expect(encode(r.message)).toEqual(bytes);
  });

  it(`a mutated byte ${v.mutation.at} = 0x${v.mutation.to.toString(16)}: ${v.mutation.why}`, () => {
    const mutated = bytes.slice();
    expect(mutated[v.mutation.at]).not.toBe(v.mutation.to);
    mutated[v.mutation.at] = v.mutation.to;
    const r = decode(mutated);
    const want = v.mutation.becomes;
    if ('reason' in want) expect(r).toMatchObject({ ok: false, error: want });
    else expect(r).toEqual({ ok: true, message: want });
  });
});

describe('libcoap agreement', () => {
  it('the URI libcoap was given decomposes into the options it sent', () => {
    const r = parseUri(
      'coap://127.0.0.1/mqtt/connection?clientid=123&username=admin&password=public',
    );
    if (!r.ok) throw new Error(r.error);
    const bytes = encode({ ...connection, options: r.uri.options });
    expect(toHex(bytes)).toBe(toHex(encode(connection)));
  });

  it('accepts both encodings of Observe=0 that libcoap sends', () => {
    const zeroLength = decode(hex('48018b9a6f6273746f6b656f6052707304636f61700474657374'));
    const oneByte = decode(hex('4101a6ea01610052707304636f61700474657374'));
    expect(zeroLength.ok && zeroLength.message.options[0]).toEqual(opt(OPT.Observe, EMPTY));
    expect(oneByte.ok && oneByte.message.options[0]).toEqual(opt(OPT.Observe, hex('00')));
  });
});

describe('decoded messages are views into the input', () => {
  it('token, option values and payload share the input buffer (zero-copy)', () => {
    const framed = hex('aaaa 41 45 00 01 07 b1 78 ff 6869 bbbb');
    const r = decode(framed.subarray(2, framed.length - 2));
    if (!r.ok) throw new Error(r.error.reason);
    expect(r.message.token.buffer).toBe(framed.buffer);
    expect(r.message.token.byteOffset).toBe(6);
    expect(r.message.options[0].value.byteOffset).toBe(8);
    expect(toHex(r.message.payload)).toBe('6869');
    expect(r.message.payload.byteOffset).toBe(10);
  });
});
