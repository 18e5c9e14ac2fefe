// Design rule "inputs are untrusted bytes": random and mutated datagrams from a few peers, in
// both modes and both profiles, never make the gateway throw; every datagram it sends decodes
// (the harness decodes each one and throws otherwise); and afterwards a fresh client still
// connects, subscribes, publishes and gets the right answers.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CoapMessage } from '../coap';
import { OPT, decode, encode, encodeBlock } from '../coap';
import type { GatewayConfig } from './config';
import { Harness } from './testing/harness';

const PORTS = [40_100, 40_101, 40_102, 40_103];

/** Valid datagrams of every kind the gateway handles, to mutate. */
function corpus(): Uint8Array[] {
  const c = new Harness().client();
  const b1 = (num: number, more: boolean) => ({
    number: OPT.Block1,
    value: encodeBlock({ num, more, szx: 0 }),
  });
  const b2 = (num: number) => ({
    number: OPT.Block2,
    value: encodeBlock({ num, more: false, szx: 0 }),
  });
  const empty = (type: CoapMessage['type']): CoapMessage => ({
    type,
    code: 0,
    messageId: 7,
    token: new Uint8Array(0),
    options: [],
    payload: new Uint8Array(0),
  });
  const messages: CoapMessage[] = [
    c.build('POST', 'mqtt/connection?clientid=fz&username=u&password=p'),
    c.build('PUT', 'mqtt/connection?c=fz&t=123'),
    c.build('DELETE', 'mqtt/connection?c=fz&t=123'),
    c.build('POST', 'ps/a/b?qos=1&retain=true&expiry=5', { payload: 'hello' }),
    c.build('POST', 'ps/a/b', { type: 'NON', payload: 'x'.repeat(40) }),
    c.build('GET', 'ps/a/%23?c=fz&t=123', { observe: 0, token: 'obs' }),
    c.build('GET', 'ps/a/+', { observe: 0, token: 'ob2', type: 'NON' }),
    c.build('GET', 'ps/a/b', { observe: 1, token: 'obs' }),
    c.build('POST', 'ps/big', { token: 'up', payload: new Uint8Array(16), options: [b1(0, true)] }),
    c.build('POST', 'ps/big', { token: 'up', payload: new Uint8Array(5), options: [b1(1, false)] }),
    c.build('GET', 'ps/a/b', { token: 'obs', options: [b2(1)] }),
    c.build('GET', 'ps', { options: [{ number: 9, value: Uint8Array.of(1) }] }),
    { ...c.build('GET', 'ps/a'), code: 0x45 },
    empty('CON'),
    empty('ACK'),
    empty('RST'),
  ];
  return messages.map(encode);
}

const CORPUS = corpus();

type Action =
  | { kind: 'random'; port: number; bytes: Uint8Array }
  | {
      kind: 'mutate';
      port: number;
      base: number;
      mid: number;
      edits: Array<{ at: number; byte: number }>;
      cut: number;
    }
  | { kind: 'valid'; port: number; base: number; mid: number }
  | { kind: 'answer'; port: number; type: 'ACK' | 'RST' }
  | { kind: 'advance'; ms: number };

const port = fc.constantFrom(...PORTS);
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constant('random' as const),
    port,
    bytes: fc.uint8Array({ maxLength: 48 }),
  }),
  fc.record({
    kind: fc.constant('mutate' as const),
    port,
    base: fc.nat(CORPUS.length - 1),
    mid: fc.nat(0xffff),
    edits: fc.array(fc.record({ at: fc.nat(80), byte: fc.nat(255) }), { maxLength: 3 }),
    cut: fc.nat(80),
  }),
  fc.record({
    kind: fc.constant('valid' as const),
    port,
    base: fc.nat(CORPUS.length - 1),
    mid: fc.nat(0xffff),
  }),
  fc.record({
    kind: fc.constant('answer' as const),
    port,
    type: fc.constantFrom('ACK' as const, 'RST' as const),
  }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.nat(70_000) }),
);

const config: fc.Arbitrary<Partial<GatewayConfig>> = fc.record({
  profile: fc.constantFrom('6.x' as const, '5.x' as const),
  connection_required: fc.boolean(),
  notify_type: fc.constantFrom('qos' as const, 'con' as const, 'non' as const),
  blockwise: fc.record({
    enable: fc.boolean(),
    max_block_size: fc.constantFrom(16, 64, 1024),
    max_body_size: fc.constantFrom(64, 4 << 20),
  }),
});

const withMid = (bytes: Uint8Array, mid: number): Uint8Array => {
  const out = bytes.slice();
  out[2] = mid >> 8;
  out[3] = mid & 0xff;
  return out;
};

function run(h: Harness, a: Action): void {
  const from = a.kind === 'advance' ? undefined : { address: '127.0.0.1', port: a.port };
  switch (a.kind) {
    case 'random':
      h.raw(a.bytes, from!);
      return;
    case 'valid':
      h.raw(withMid(CORPUS[a.base], a.mid), from!);
      return;
    case 'mutate': {
      const bytes = withMid(CORPUS[a.base], a.mid);
      for (const e of a.edits) if (e.at < bytes.length) bytes[e.at] = e.byte;
      h.raw(bytes.subarray(0, Math.max(0, bytes.length - (a.cut % (bytes.length + 1)))), from!);
      return;
    }
    case 'answer': {
      const con = h
        .inbox(from!)
        .filter((m) => m.type === 'CON')
        .at(-1);
      if (con) h.client(a.port).answer(a.type, con.messageId);
      return;
    }
    case 'advance':
      h.advance(a.ms);
  }
}

/** A fresh subscriber and publisher on unused ports get correct answers. */
function freshClientsWork(h: Harness): void {
  const sub = h.client(60_000);
  const pub = h.client(60_001);
  const conn = h.gateway.config.connection_required;
  let q1 = '';
  let q2 = '';
  if (conn) {
    const t1 = sub.post('mqtt/connection?clientid=fresh-sub');
    const t2 = pub.post('mqtt/connection?clientid=fresh-pub');
    expect([t1?.code, t2?.code]).toEqual(['2.01', '2.01']);
    q1 = `?c=fresh-sub&t=${t1?.text}`;
    q2 = `?c=fresh-pub&t=${t2?.text}`;
  }
  expect(sub.get(`ps/fresh/topic${q1}`, { observe: 0, token: 'fresh' })?.code).toBe('2.05');
  expect(pub.post(`ps/fresh/topic${q2}`, { type: 'NON', payload: 'after the storm' })?.code).toBe(
    '2.04',
  );
  const n = sub.notifications().at(-1);
  expect(n?.text).toBe('after the storm');
  expect(new TextDecoder().decode(n?.message.token)).toBe('fresh');
  expect(sub.put(`mqtt/connection${q1}`)?.code).toBe('2.04');
  expect(sub.get(`ps/fresh/topic${q1}`, { observe: 1, token: 'fresh' })?.code).toBe('2.07');
}

describe('robustness: hostile datagrams', () => {
  it('random bytes and mutated datagrams never make the gateway throw, and it keeps working', () => {
    fc.assert(
      fc.property(config, fc.array(action, { maxLength: 40 }), (cfg, actions) => {
        const h = new Harness(cfg);
        for (const a of actions) run(h, a);
        freshClientsWork(h);
      }),
      { numRuns: 300 },
    );
  });

  it('every datagram the gateway sends decodes, also when fed directly', () => {
    fc.assert(
      fc.property(
        config,
        fc.array(fc.uint8Array({ minLength: 4, maxLength: 40 }), { maxLength: 30 }),
        (cfg, inputs) => {
          const h = new Harness(cfg);
          for (const bytes of inputs) {
            const out = h.gateway.receive(bytes, { address: '10.1.1.1', port: 9 }, h.now);
            for (const d of out.datagrams) expect(decode(d.bytes).ok).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('every valid corpus datagram, sent as-is to a fresh gateway in each setting, is answered sensibly', () => {
    for (const profile of ['6.x', '5.x'] as const) {
      for (const connection_required of [false, true]) {
        for (const bytes of CORPUS) {
          const h = new Harness({ profile, connection_required });
          const out = h.raw(bytes, { address: '127.0.0.1', port: 40_100 });
          // At most one answer, and an answer always carries the request's Message ID.
          expect(out.length).toBeLessThanOrEqual(1);
          for (const m of out) expect(m.messageId).toBe((bytes[2] << 8) | bytes[3]);
        }
      }
    }
  });
});
