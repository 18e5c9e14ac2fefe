// docs/gateway-behaviour.md §1.3: frame-level errors (6.1.1+, emqx_coap_frame, emqx_coap_channel:handle_in/2). Raw
// datagrams are built by hand where the codec refuses to encode them.
import { describe, expect, it } from 'vitest';
import type { CoapMessage, CoapOption } from '../coap';
import { OPT, encode, encodeString, encodeUint } from '../coap';
import { Harness } from './testing/harness';
import type { Endpoint } from './events';

const PEER: Endpoint = { address: '127.0.0.1', port: 45_000 };
const CON = 0;
const NON = 1;

/** The 4-byte header (RFC 7252 §3): version 1, type, token length, code, Message ID. */
const header = (type: number, tkl: number, code: number, mid: number): number[] => [
  0x40 | (type << 4) | tkl,
  code,
  mid >> 8,
  mid & 0xff,
];

/** `GET` with token 0x01 and Uri-Path `ps`, then `tail` as the rest of the message. */
const getWith = (type: number, mid: number, tail: number[]): Uint8Array =>
  Uint8Array.from([...header(type, 1, 0x01, mid), 0x01, 0xb2, 0x70, 0x73, ...tail]);

const rst = (mid: number) => ({
  type: 'RST',
  code: 0,
  messageId: mid,
  token: new Uint8Array(0),
  options: [],
  payload: new Uint8Array(0),
});

/** Sends the same malformed message as CON and as NON: RST with its Message ID, then silence. */
function expectFormatError(build: (type: number, mid: number) => Uint8Array): void {
  const h = new Harness();
  expect(h.raw(build(CON, 0x1234), PEER)).toEqual([rst(0x1234)]);
  expect(h.raw(build(NON, 0x2345), PEER)).toEqual([]);
  expect(h.eventsOf('frame-error').map((e) => e.action)).toEqual(['rst', 'ignored']);
}

describe('§1.3 frame: another CoAP version', () => {
  it.each([0, 2, 3])('a datagram of version %i is silently ignored, even as CON', (version) => {
    const h = new Harness();
    const bytes = Uint8Array.from([(version << 6) | 0x01, 0x01, 0x12, 0x34, 0x01]);
    expect(h.raw(bytes, PEER)).toEqual([]);
    expect(h.gateway.liveChannels()).toHaveLength(0);
    expect(h.eventsOf('frame-error')[0].action).toBe('ignored');
  });
});

describe('§1.3 frame: message format errors are answered with RST when CON, ignored when NON', () => {
  it.each([9, 10, 11, 12, 13, 14, 15])('token length %i', (tkl) => {
    expectFormatError((type, mid) =>
      Uint8Array.from([...header(type, tkl, 0x01, mid), ...new Array<number>(15).fill(0xaa)]),
    );
  });

  it('a token shorter than its length says', () => {
    expectFormatError((type, mid) => Uint8Array.from([...header(type, 4, 0x01, mid), 0xaa, 0xbb]));
  });

  it.each([1, 3, 6, 7])('reserved code class %i', (cls) => {
    expectFormatError((type, mid) => Uint8Array.from([...header(type, 1, (cls << 5) | 1, mid), 9]));
  });

  it('a payload marker 0xFF followed by no payload', () => {
    expectFormatError((type, mid) => getWith(type, mid, [0xff]));
  });

  it('an empty message (0.00) carrying a token', () => {
    expectFormatError((type, mid) => Uint8Array.from([...header(type, 1, 0x00, mid), 0x01]));
  });

  it('an empty message (0.00) carrying bytes after the header', () => {
    expectFormatError((type, mid) => Uint8Array.from([...header(type, 0, 0x00, mid), 0xff, 0x61]));
  });

  it('option delta nibble 15', () => {
    expectFormatError((type, mid) => getWith(type, mid, [0xf1, 0x00]));
  });

  it('option length nibble 15', () => {
    expectFormatError((type, mid) => getWith(type, mid, [0x4f, 0x00]));
  });

  it('an extended option delta cut short (1-byte form)', () => {
    expectFormatError((type, mid) => getWith(type, mid, [0xd0]));
  });

  it('an extended option delta cut short (2-byte form)', () => {
    expectFormatError((type, mid) => getWith(type, mid, [0xe0, 0x01]));
  });

  it('an extended option length cut short (1-byte form)', () => {
    expectFormatError((type, mid) => getWith(type, mid, [0x4d]));
  });

  it('an extended option length cut short (2-byte form)', () => {
    expectFormatError((type, mid) => getWith(type, mid, [0x4e, 0x00]));
  });

  it('an option value cut short', () => {
    expectFormatError((type, mid) => getWith(type, mid, [0x43, 0x61]));
  });

  it('the RST is exactly 4 bytes: version 1, type RST, the Message ID', () => {
    const h = new Harness();
    const out = h.gateway.receive(getWith(CON, 0xbeef, [0xff]), PEER, h.now);
    expect(out.datagrams.map((d) => [...d.bytes])).toEqual([[0x70, 0x00, 0xbe, 0xef]]);
  });

  it('a malformed message is not processed: nothing is published', () => {
    const h = new Harness();
    const sub = h.client(45_001);
    sub.get('ps/t', { observe: 0, token: 'ob' });
    // POST ps/t with one more Uri-Path option that claims 2 bytes but has 1.
    const bytes = encode(h.client(45_002).build('POST', 'ps/t'));
    h.raw(Uint8Array.from([...bytes, 0x02, 0x74]), PEER);
    expect(h.eventsOf('published')).toHaveLength(0);
    expect(sub.notifications()).toHaveLength(0);
  });

  it('an option error in a CON response is a format error: RST, not 4.02', () => {
    // emqx_coap_frame:classify_option_error/2 only turns option errors into 4.xx for requests.
    const h = new Harness();
    const m: CoapMessage = {
      type: 'CON',
      code: 0x45,
      messageId: 0x0777,
      token: Uint8Array.of(1),
      options: [{ number: 9, value: Uint8Array.of(1) }],
      payload: new Uint8Array(0),
    };
    expect(h.raw(encode(m), PEER)).toEqual([rst(0x0777)]);
    expect(h.raw(encode({ ...m, type: 'ACK', messageId: 0x0778 }), PEER)).toEqual([]);
    // The options are decoded before the code is looked at: an unknown code (2.30) with a bad
    // option is a format error too, not ignored.
    expect(h.raw(encode({ ...m, code: 0x5e, messageId: 0x0779 }), PEER)).toEqual([rst(0x0779)]);
  });
});

describe('§1.3 frame: request errors get a piggy-backed 4.xx with an empty payload', () => {
  const opt = (number: number, value: Uint8Array | number[] = []): CoapOption => ({
    number,
    value: value instanceof Uint8Array ? value : Uint8Array.from(value),
  });

  it('an unknown critical option: 4.02 Bad Option, and nothing is published', () => {
    const h = new Harness();
    const c = h.client();
    const r = c.post('ps/t', { payload: 'x', options: [opt(9, [1])], token: 'tk', messageId: 77 });
    expect(r?.code).toBe('4.02');
    expect(r?.text).toBe('');
    expect(r?.message).toMatchObject({ type: 'ACK', messageId: 77 });
    expect(new TextDecoder().decode(r?.message.token)).toBe('tk');
    expect(h.eventsOf('published')).toHaveLength(0);
  });

  it('an unknown critical option in a NON request: a NON 4.02 with the same Message ID', () => {
    const r = new Harness()
      .client()
      .post('ps/t', { type: 'NON', options: [opt(2049)], messageId: 78 });
    expect(r?.code).toBe('4.02');
    expect(r?.message).toMatchObject({ type: 'NON', messageId: 78 });
  });

  it('a critical option that is not repeatable, twice (two Uri-Host): 4.02', () => {
    const host = [...encodeString('example.com')];
    const r = new Harness()
      .client()
      .post('ps/t', { options: [opt(OPT.UriHost, host), opt(OPT.UriHost, host)] });
    expect([r?.code, r?.text]).toEqual(['4.02', '']);
  });

  it('one Uri-Host is fine', () => {
    const r = new Harness()
      .client()
      .post('ps/t', { options: [opt(OPT.UriHost, [...encodeString('h')])] });
    expect(r?.code).toBe('2.04');
  });

  it('If-None-Match with a value: 4.02', () => {
    const r = new Harness().client().post('ps/t', { options: [opt(OPT.IfNoneMatch, [1])] });
    expect([r?.code, r?.text]).toEqual(['4.02', '']);
  });

  it('an empty If-None-Match is fine', () => {
    expect(new Harness().client().post('ps/t', { options: [opt(OPT.IfNoneMatch)] })?.code).toBe(
      '2.04',
    );
  });

  it.each([
    ['Block1', OPT.Block1],
    ['Block2', OPT.Block2],
  ])('%s with SZX 7: 4.00 Bad Request', (_name, number) => {
    const r = new Harness().client().post('ps/t', { options: [opt(number, [0x07])] });
    expect([r?.code, r?.text]).toEqual(['4.00', '']);
  });

  it.each([
    ['Block1', OPT.Block1, 4],
    ['Block2', OPT.Block2, 4],
    ['Block1', OPT.Block1, 5],
  ])('%s with a %i-byte value: 4.00 Bad Request', (_name, number, length) => {
    const value = new Array<number>(length).fill(0).map((_, i) => (i === length - 1 ? 0x06 : 0));
    const r = new Harness().client().post('ps/t', { options: [opt(number, value)] });
    expect([r?.code, r?.text]).toEqual(['4.00', '']);
  });

  it.each([0x05, 0x06, 0x07, 0x10, 0x1f])('method code 0.%s: 4.05 Method Not Allowed', (code) => {
    const h = new Harness();
    const c = h.client();
    const m = { ...c.build('POST', 'ps/t', { token: 'mt', messageId: 90 }), code };
    const r = c.send(m);
    expect([r?.code, r?.text]).toEqual(['4.05', '']);
    expect(r?.message).toMatchObject({ type: 'ACK', messageId: 90 });
    expect(h.eventsOf('published')).toHaveLength(0);
  });

  it('the 4.05 for an unknown method comes even in connection mode without a token', () => {
    const c = new Harness({ connection_required: true }).client();
    const r = c.send({ ...c.build('GET', 'ps/t'), code: 0x05 });
    expect([r?.code, r?.text]).toEqual(['4.05', '']);
  });

  it('an unknown method with an unknown critical option: the option error wins (4.02)', () => {
    // emqx_coap_frame:parse_options/7 decodes the options before parse_method/8 looks at the code.
    const c = new Harness().client();
    const r = c.send({ ...c.build('GET', 'ps/t', { options: [opt(9)] }), code: 0x05 });
    expect(r?.code).toBe('4.02');
  });

  it('a bad Block value repeated: the value error wins (4.00), not the duplicate (4.02)', () => {
    const c = new Harness().client();
    const r = c.post('ps/t', { options: [opt(OPT.Block1, [0x06]), opt(OPT.Block1, [0x07])] });
    expect(r?.code).toBe('4.00');
  });
});

describe('§1.3 frame: what is tolerated', () => {
  it('an unknown elective option is dropped and the request still works', () => {
    const h = new Harness();
    const sub = h.client(45_010);
    sub.get('ps/t', { observe: 0, token: 'ob' });
    const r = h.client(45_011).post('ps/t', {
      payload: 'hello',
      options: [
        { number: 2048, value: Uint8Array.of(1, 2) },
        { number: OPT.NoResponse, value: encodeUint(26) },
      ],
    });
    expect(r?.code).toBe('2.04');
    expect(sub.notifications().map((n) => n.text)).toEqual(['hello']);
  });

  it('a duplicate elective option keeps the first value (Observe 0 then 1: a subscribe)', () => {
    const c = new Harness().client();
    const r = c.get('ps/t', {
      token: 'ob',
      options: [
        { number: OPT.Observe, value: encodeUint(0) },
        { number: OPT.Observe, value: encodeUint(1) },
      ],
    });
    expect(r?.code).toBe('2.05');
  });

  it('a duplicate elective option keeps the first value (Observe 1 then 0: an unsubscribe)', () => {
    const c = new Harness().client();
    const r = c.get('ps/t', {
      token: 'ob',
      options: [
        { number: OPT.Observe, value: encodeUint(1) },
        { number: OPT.Observe, value: encodeUint(0) },
      ],
    });
    expect(r?.code).toBe('2.07');
  });

  it('an unknown response code (2.30) is ignored: no RST, nothing', () => {
    const h = new Harness();
    const m: CoapMessage = {
      type: 'CON',
      code: 0x5e,
      messageId: 0x4444,
      token: Uint8Array.of(1),
      options: [],
      payload: new Uint8Array(0),
    };
    expect(h.raw(encode(m), PEER)).toEqual([]);
    // A known response code matching nothing is answered with RST, for comparison (§1.11).
    expect(h.raw(encode({ ...m, code: 0x45, messageId: 0x4445 }), PEER)).toEqual([rst(0x4445)]);
  });
});

describe('§1.3 frame: an empty CON, a CoAP ping', () => {
  it('is answered with RST carrying its Message ID', () => {
    const h = new Harness();
    expect(h.raw(Uint8Array.from(header(CON, 0, 0, 0x5151)), PEER)).toEqual([rst(0x5151)]);
  });

  it('counts as inbound traffic for keep-alive: pings alone keep a channel alive', () => {
    const h = new Harness();
    const c = h.client(45_020);
    c.get('ps/t', { observe: 0, token: 'ob' });
    const ch = h.gateway.liveChannels()[0];
    for (let i = 0; i < 5; i++) {
      h.advance(40_000);
      expect(h.raw(Uint8Array.from(header(CON, 0, 0, 0x6000 + i)), c.endpoint)).toEqual([
        rst(0x6000 + i),
      ]);
    }
    expect(h.gateway.channel(ch.id)).toBeDefined();
    // Without pings the channel dies 45–60 s after the last one (§1.6).
    h.advance(61_000);
    expect(h.gateway.channel(ch.id)).toBeUndefined();
    expect(h.eventsOf('channel-closed')[0]).toMatchObject({
      reason: 'keepalive-timeout',
      subscriptions: ['t'],
    });
  });
});

describe('§1.3 frame: the 5.x profile has no RFC hardening', () => {
  it.each([
    [
      'token length 9',
      (mid: number) =>
        Uint8Array.from([...header(CON, 9, 0x01, mid), ...new Array<number>(9).fill(1)]),
    ],
    ['payload marker with no payload', (mid: number) => getWith(CON, mid, [0xff])],
    ['option delta nibble 15', (mid: number) => getWith(CON, mid, [0xf1, 0x00])],
    ['an option value cut short', (mid: number) => getWith(CON, mid, [0x43, 0x61])],
    [
      'an empty CON with a token',
      (mid: number) => Uint8Array.from([...header(CON, 1, 0x00, mid), 0x01]),
    ],
  ])('no RST for a malformed CON (%s)', (_what, build) => {
    const h = new Harness({ profile: '5.x' });
    expect(h.raw(build(0x1234), PEER)).toEqual([]);
  });

  it('an unknown critical option is kept, not refused: the request is handled', () => {
    const r = new Harness({ profile: '5.x' })
      .client()
      .post('ps/t', { options: [{ number: 9, value: Uint8Array.of(1) }] });
    expect(r?.code).toBe('2.04');
  });
});
