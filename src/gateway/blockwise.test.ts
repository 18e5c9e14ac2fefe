// docs/gateway-behaviour.md §1.12: block-wise transfer (6.1.1+, emqx_coap_blockwise.erl). Block1 reassembles large
// requests; Block2 serves large notifications (and replies) block by block, keyed by peer and token.
import { describe, expect, it } from 'vitest';
import type { CoapMessage, CoapOption } from '../coap';
import { OPT, decodeBlock, encodeBlock, encodeString, getOption, sizeToSzx } from '../coap';
import { SeededRandom } from '../messaging';
import { Blockwise } from './blockwise';
import { Channel } from './channel';
import { makeConfig } from './config';
import type { GatewayConfig } from './config';
import { Harness } from './testing/harness';
import type { Reply, TestClient } from './testing/harness';

/** `n` bytes of a recognisable pattern: byte i is i mod 251. */
const body = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => i % 251);

const block = (number: number, num: number, more: boolean, size: number): CoapOption => ({
  number,
  value: encodeBlock({ num, more, szx: sizeToSzx(size) ?? 6 }),
});
const block1 = (num: number, more: boolean, size = 1024) => block(OPT.Block1, num, more, size);
const block2 = (num: number, more: boolean, size = 1024) => block(OPT.Block2, num, more, size);

/** The Block1/Block2 option of a reply, decoded, as `{num, more, size}`. */
function blockOf(
  r: Reply | undefined,
  number: number,
): { num: number; more: boolean; size: number } | undefined {
  const o = r && getOption(r.message, number);
  if (!o) return undefined;
  const b = decodeBlock(o.value);
  return { num: b.num, more: b.more, size: 1 << (b.szx + 4) };
}

/** Uploads `data` with Block1 in `size`-byte blocks, one token; returns every reply. */
function upload(
  c: TestClient,
  uri: string,
  data: Uint8Array,
  size = 1024,
  token = 'up',
): Array<Reply | undefined> {
  const replies: Array<Reply | undefined> = [];
  for (let num = 0; num * size < data.length; num++) {
    const more = (num + 1) * size < data.length;
    replies.push(
      c.post(uri, {
        token,
        payload: data.subarray(num * size, (num + 1) * size),
        options: [block1(num, more, size)],
      }),
    );
  }
  return replies;
}

/** Fetches blocks 1.. of a Block2 transfer with the notification's token; returns the replies. */
function fetchRest(c: TestClient, first: Reply, uri = 'ps/t'): Reply[] {
  const out: Reply[] = [];
  let last = blockOf(first, OPT.Block2);
  while (last?.more) {
    const r = c.get(uri, {
      token: first.message.token,
      options: [block2(last.num + 1, false, last.size)],
    });
    if (!r) throw new Error('no reply to a Block2 follow-up');
    out.push(r);
    last = blockOf(r, OPT.Block2);
  }
  return out;
}

const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** A subscriber on port 47000 observing `ps/t` with token `ob`, and a publisher on 47001. */
function observed(config: Partial<GatewayConfig> = {}) {
  const h = new Harness(config);
  const sub = h.client(47_000);
  expect(sub.get('ps/t', { observe: 0, token: 'ob' })?.code).toBe('2.05');
  const pub = h.client(47_001);
  return { h, sub, pub };
}

describe('§1.12 Block1: a large publish uploaded in blocks', () => {
  it('each non-final block gets 2.31 Continue with Block1 {num, M=1, size}', () => {
    const c = new Harness().client();
    const replies = upload(c, 'ps/t', body(3000));
    expect(replies.slice(0, 2).map((r) => [r?.code, blockOf(r, OPT.Block1)])).toEqual([
      ['2.31', { num: 0, more: true, size: 1024 }],
      ['2.31', { num: 1, more: true, size: 1024 }],
    ]);
    expect(replies.slice(0, 2).map((r) => r?.text)).toEqual(['', '']);
  });

  it('the final block is handled as one publish of the whole body: 2.04, without Block1', () => {
    const h = new Harness();
    const mqtt = { id: 'mqtt:m', clientId: 'm', kind: 'mqtt' as const };
    h.broker.subscribe(mqtt, 't', { qos: 1, nl: false, rh: 0, rap: false }, h.now);
    const data = body(3000);
    const replies = upload(h.client(), 'ps/t', data);
    expect(replies[2]?.code).toBe('2.04');
    // clear_block1/1 removes Block1 before the handler, so the final reply carries none.
    expect(blockOf(replies[2], OPT.Block1)).toBeUndefined();
    expect(h.eventsOf('published')).toHaveLength(1);
    expect(h.mqttDeliveries.map((d) => d.message.payload)).toEqual([data]);
  });

  it('an observer gets the whole 3000 bytes: Block2 block 0, then the rest by follow-ups', () => {
    const { sub, pub } = observed();
    const data = body(3000);
    upload(pub, 'ps/t', data);
    const [n] = sub.notifications();
    expect(n.code).toBe('2.05');
    expect(blockOf(n, OPT.Block2)).toEqual({ num: 0, more: true, size: 1024 });
    expect(n.observe).toBeTypeOf('number');
    sub.answer('ACK', n.message.messageId);
    const rest = fetchRest(sub, n);
    expect(rest.map((r) => blockOf(r, OPT.Block2))).toEqual([
      { num: 1, more: true, size: 1024 },
      { num: 2, more: false, size: 1024 },
    ]);
    expect(concat([n.message.payload, ...rest.map((r) => r.message.payload)])).toEqual(data);
  });

  it('a block that is not the next one: 4.08 Request Entity Incomplete, and the transfer is over', () => {
    const h = new Harness();
    const c = h.client();
    const data = body(3000);
    expect(
      c.post('ps/t', { token: 'up', payload: data.subarray(0, 1024), options: [block1(0, true)] })
        ?.code,
    ).toBe('2.31');
    const skip = c.post('ps/t', {
      token: 'up',
      payload: data.subarray(2048),
      options: [block1(2, false)],
    });
    expect([skip?.code, skip?.text]).toEqual(['4.08', '']);
    const late = c.post('ps/t', {
      token: 'up',
      payload: data.subarray(1024, 2048),
      options: [block1(1, true)],
    });
    expect(late?.code).toBe('4.08');
    expect(h.eventsOf('published')).toHaveLength(0);
  });

  it('a block with no block 0 before it: 4.08', () => {
    const r = new Harness()
      .client()
      .post('ps/t', { token: 'up', payload: body(100), options: [block1(1, false)] });
    expect([r?.code, r?.text]).toEqual(['4.08', '']);
  });

  it('a block of another size than block 0: 4.08', () => {
    const c = new Harness().client();
    c.post('ps/t', { token: 'up', payload: body(1024), options: [block1(0, true)] });
    expect(
      c.post('ps/t', { token: 'up', payload: body(512), options: [block1(2, false, 512)] })?.code,
    ).toBe('4.08');
  });

  it('a body growing past max_body_size: 4.13 Request Entity Too Large', () => {
    const h = new Harness({
      blockwise: { enable: true, max_block_size: 1024, max_body_size: 2000 },
    });
    const replies = upload(h.client(), 'ps/t', body(3000));
    expect(replies.map((r) => r?.code)).toEqual(['2.31', '4.13', '4.08']);
    expect(h.eventsOf('published')).toHaveLength(0);
  });

  it('a first block already larger than max_body_size: 4.13', () => {
    const h = new Harness({
      blockwise: { enable: true, max_block_size: 1024, max_body_size: 500 },
    });
    expect(
      h.client().post('ps/t', { token: 'up', payload: body(1024), options: [block1(0, true)] })
        ?.code,
    ).toBe('4.13');
  });

  it('a block size larger than max_block_size: 4.02 Bad Option', () => {
    const h = new Harness({
      blockwise: { enable: true, max_block_size: 256, max_body_size: 4 << 20 },
    });
    const r = h
      .client()
      .post('ps/t', { token: 'up', payload: body(1024), options: [block1(0, true, 1024)] });
    expect([r?.code, r?.text]).toEqual(['4.02', '']);
  });

  it('smaller blocks than the maximum are fine (64-byte blocks)', () => {
    const h = new Harness();
    const replies = upload(h.client(), 'ps/t', body(200), 64);
    expect(replies.map((r) => r?.code)).toEqual(['2.31', '2.31', '2.31', '2.04']);
    expect(blockOf(replies[1], OPT.Block1)).toEqual({ num: 1, more: true, size: 64 });
  });

  it('transfers are kept apart by token: two interleaved uploads to one path both complete', () => {
    const h = new Harness();
    const mqtt = { id: 'mqtt:m', clientId: 'm', kind: 'mqtt' as const };
    h.broker.subscribe(mqtt, 't', { qos: 1, nl: false, rh: 0, rap: false }, h.now);
    const c = h.client();
    const a = body(1500);
    const b = body(1500).map((x) => 255 - x);
    expect(
      c.post('ps/t', { token: 'A', payload: a.subarray(0, 1024), options: [block1(0, true)] })
        ?.code,
    ).toBe('2.31');
    expect(
      c.post('ps/t', { token: 'B', payload: b.subarray(0, 1024), options: [block1(0, true)] })
        ?.code,
    ).toBe('2.31');
    expect(
      c.post('ps/t', { token: 'B', payload: b.subarray(1024), options: [block1(1, false)] })?.code,
    ).toBe('2.04');
    expect(
      c.post('ps/t', { token: 'A', payload: a.subarray(1024), options: [block1(1, false)] })?.code,
    ).toBe('2.04');
    expect(h.mqttDeliveries.map((d) => d.message.payload)).toEqual([b, a]);
  });

  it('a NON upload gets NON 2.31 replies with the request Message IDs', () => {
    const c = new Harness().client();
    const r = c.post('ps/t', {
      type: 'NON',
      token: 'up',
      messageId: 4321,
      payload: body(1024),
      options: [block1(0, true)],
    });
    expect(r?.message).toMatchObject({ type: 'NON', code: 0x5f, messageId: 4321 });
  });

  it('a transfer without progress for 247 s is forgotten: the next block gets 4.08', () => {
    const h = new Harness({ heartbeat: 600 });
    const c = h.client();
    c.post('ps/t', { token: 'up', payload: body(1024), options: [block1(0, true)] });
    h.advance(247_000);
    expect(
      c.post('ps/t', { token: 'up', payload: body(10), options: [block1(1, false)] })?.code,
    ).toBe('4.08');
  });

  it('with blockwise.enable=false Block1 is not looked at: every block is a publish of its own', () => {
    const h = new Harness({
      blockwise: { enable: false, max_block_size: 1024, max_body_size: 4 << 20 },
    });
    const replies = upload(h.client(), 'ps/t', body(3000));
    expect(replies.map((r) => r?.code)).toEqual(['2.04', '2.04', '2.04']);
    expect(h.eventsOf('published')).toHaveLength(3);
  });
});

describe('§1.12 Block2: a notification larger than max_block_size', () => {
  it('arrives as block 0 with Block2 {0, M=1, 1024} and Observe, and no other option', () => {
    const { sub, pub } = observed();
    pub.post('ps/t', { type: 'NON', payload: body(2500) });
    const [n] = sub.notifications();
    expect(n.message.payload).toEqual(body(2500).subarray(0, 1024));
    expect(blockOf(n, OPT.Block2)).toEqual({ num: 0, more: true, size: 1024 });
    expect(n.message.options.map((o) => o.number)).toEqual([OPT.Observe, OPT.Block2]);
    expect(new TextDecoder().decode(n.message.token)).toBe('ob');
  });

  it('the next blocks come with the same token and Block2 {n, 0, 1024}: 2.05 with the same options', () => {
    const { sub, pub } = observed();
    pub.post('ps/t', { type: 'NON', payload: body(2500) });
    const [n] = sub.notifications();
    const r1 = sub.get('ps/t', { token: 'ob', options: [block2(1, false)] });
    expect(r1?.code).toBe('2.05');
    expect(r1?.message.type).toBe('ACK');
    expect(r1?.observe).toBe(n.observe);
    expect(blockOf(r1, OPT.Block2)).toEqual({ num: 1, more: true, size: 1024 });
    expect(r1?.message.payload).toEqual(body(2500).subarray(1024, 2048));
    const r2 = sub.get('ps/t', { token: 'ob', options: [block2(2, false)] });
    expect(blockOf(r2, OPT.Block2)).toEqual({ num: 2, more: false, size: 1024 });
    expect(r2?.message.payload).toEqual(body(2500).subarray(2048));
  });

  it('a follow-up may use any path: only the peer and the token count', () => {
    const { sub, pub } = observed();
    pub.post('ps/t', { type: 'NON', payload: body(2000) });
    const r = sub.get('anything/else', { token: 'ob', options: [block2(1, false)] });
    expect([r?.code, blockOf(r, OPT.Block2)]).toEqual([
      '2.05',
      { num: 1, more: false, size: 1024 },
    ]);
  });

  it('a block may be fetched again while the transfer lasts', () => {
    const { sub, pub } = observed();
    pub.post('ps/t', { type: 'NON', payload: body(3000) });
    const a = sub.get('ps/t', { token: 'ob', options: [block2(1, false)] });
    const b = sub.get('ps/t', { token: 'ob', options: [block2(1, false)] });
    expect(b?.message.payload).toEqual(a?.message.payload);
  });

  it('once the last block is served the transfer is over: the same follow-up is an ordinary GET', () => {
    const { sub, pub } = observed();
    pub.post('ps/t', { type: 'NON', payload: body(2000) });
    sub.get('ps/t', { token: 'ob', options: [block2(1, false)] });
    // Block 0 again: no transfer answers it now, so it is an ordinary GET (whose reply still
    // carries Block2, since the request did: server_prepare_out_response/4).
    const again = sub.get('ps/t', { token: 'ob', options: [block2(0, false)] });
    expect([again?.code, again?.text]).toEqual(['4.00', 'invalid observe value']);
  });

  it('a follow-up with another block size: 4.02, and the transfer is dropped', () => {
    const { sub, pub } = observed();
    pub.post('ps/t', { type: 'NON', payload: body(3000) });
    const r = sub.get('ps/t', { token: 'ob', options: [block2(2, false, 512)] });
    expect([r?.code, r?.text]).toEqual(['4.02', '']);
    expect(sub.get('ps/t', { token: 'ob', options: [block2(0, false)] })?.code).toBe('4.00');
  });

  it('a GET asking a block past the end of its (ordinary) reply: 4.02', () => {
    const { sub } = observed();
    expect(sub.get('ps/t', { token: 'zz', options: [block2(1, false)] })?.code).toBe('4.02');
  });

  it('a follow-up past the last block: 4.02', () => {
    const { sub, pub } = observed();
    pub.post('ps/t', { type: 'NON', payload: body(2000) });
    expect(sub.get('ps/t', { token: 'ob', options: [block2(5, false)] })?.code).toBe('4.02');
  });

  it('a follow-up with a block size above max_block_size: 4.02 even with no transfer', () => {
    // handle_server_followup_block2/4 checks the size before it looks for a transfer.
    const h = new Harness({
      blockwise: { enable: true, max_block_size: 256, max_body_size: 4 << 20 },
    });
    const r = h
      .client()
      .get('ps/t', { token: 'zz', observe: 0, options: [block2(0, false, 1024)] });
    expect(r?.code).toBe('4.02');
    expect(h.eventsOf('observe-added')).toHaveLength(0);
  });

  it('a follow-up with another token is not part of the transfer', () => {
    const { sub, pub } = observed();
    pub.post('ps/t', { type: 'NON', payload: body(2000) });
    expect(sub.get('ps/t', { token: 'other', options: [block2(0, false)] })?.code).toBe('4.00');
  });

  it('a follow-up from another port is not part of the transfer', () => {
    const { h, pub } = observed();
    pub.post('ps/t', { type: 'NON', payload: body(2000) });
    expect(h.client(47_009).get('ps/t', { token: 'ob', options: [block2(0, false)] })?.code).toBe(
      '4.00',
    );
  });

  it('the block size follows max_block_size (256 → Block2 size 256)', () => {
    const { sub, pub } = observed({
      blockwise: { enable: true, max_block_size: 256, max_body_size: 4 << 20 },
    });
    pub.post('ps/t', { type: 'NON', payload: body(600) });
    const [n] = sub.notifications();
    expect(blockOf(n, OPT.Block2)).toEqual({ num: 0, more: true, size: 256 });
    const rest = fetchRest(sub, n);
    expect(concat([n.message.payload, ...rest.map((r) => r.message.payload)])).toEqual(body(600));
  });

  it('a notification of exactly max_block_size bytes goes whole, without Block2', () => {
    const { sub, pub } = observed();
    pub.post('ps/t', { type: 'NON', payload: body(1024) });
    const [n] = sub.notifications();
    expect(n.message.payload).toHaveLength(1024);
    expect(blockOf(n, OPT.Block2)).toBeUndefined();
  });

  it('with blockwise.enable=false a large notification goes whole in one datagram', () => {
    const { sub, pub } = observed({
      blockwise: { enable: false, max_block_size: 1024, max_body_size: 4 << 20 },
    });
    pub.post('ps/t', { type: 'NON', payload: body(3000) });
    const [n] = sub.notifications();
    expect(n.message.payload).toEqual(body(3000));
    expect(blockOf(n, OPT.Block2)).toBeUndefined();
  });

  it('a later large notification for the same token waits while the current one is fetched', () => {
    const { sub, pub } = observed();
    pub.post('ps/t', { type: 'NON', payload: body(3000) });
    pub.post('ps/t', { type: 'NON', payload: body(2000) });
    expect(sub.notifications()).toHaveLength(1);
    expect(sub.notifications()[0].message.payload).toEqual(body(3000).subarray(0, 1024));
    expect(queueDepth(sub)).toBe(1);
    sub.get('ps/t', { token: 'ob', options: [block2(1, false)] });
    expect(sub.notifications()).toHaveLength(1);
  });

  it('a CON large notification that is acknowledged still holds the next one until fetched', () => {
    const { sub, pub } = observed();
    pub.post('ps/t', { payload: body(3000) }); // CON → QoS 1 → CON notification
    pub.post('ps/t', { payload: body(2000) });
    const [n] = sub.notifications();
    expect(n.message.type).toBe('CON');
    sub.answer('ACK', n.message.messageId);
    expect(sub.notifications()).toHaveLength(1);
  });
});

/** How many notifications the subscriber's channel holds in its queue. */
function queueDepth(c: TestClient): number {
  const ch = c.h.gateway.liveChannels().find((x) => x.peer.port === c.endpoint.port);
  return ch?.queue.length ?? -1;
}

describe('§1.12 Blockwise.prepareReply: Block2 on replies, as server_prepare_out_response/4', () => {
  const config = makeConfig();
  const setup = () => {
    const bw = new Blockwise();
    const random = new SeededRandom(1);
    const ch = new Channel(
      'ch1',
      { address: '10.0.0.1', port: 5000 },
      'c',
      'connectionless',
      0,
      30,
      random,
      {
        maxRetransmit: 4,
        initialTimeout: () => 2000,
        nextTimeout: (t) => t * 2,
        exchangeLifetime: 247_000,
        nonLifetime: 145_000,
      },
    );
    const req = (options: CoapOption[], token = 'rq'): CoapMessage => ({
      type: 'CON',
      code: 0x01,
      messageId: 1,
      token: encodeString(token),
      options,
      payload: new Uint8Array(0),
    });
    return { bw, ch, req };
  };
  const text = encodeString('invalid observe value');

  it('a short reply to a request without Block2 goes whole', () => {
    const { bw, ch, req } = setup();
    expect(bw.prepareReply(config, ch, req([]), 0x80, [], text, 0)).toEqual({
      code: 0x80,
      options: [],
      payload: text,
    });
  });

  it('a client asking a smaller size on its first request gets that size: block 0 of 16 bytes', () => {
    const { bw, ch, req } = setup();
    const r = bw.prepareReply(config, ch, req([block2(0, false, 16)]), 0x80, [], text, 0);
    expect(r.code).toBe(0x80);
    expect(new TextDecoder().decode(r.payload)).toBe('invalid observe ');
    expect(r.options).toEqual([block2(0, true, 16)]);
    // …and the rest with the same token, as a follow-up.
    const next = bw.request(config, ch, req([block2(1, false, 16)]), 1);
    expect(next).toMatchObject({ kind: 'reply', code: 0x80, options: [block2(1, false, 16)] });
    expect(next.kind === 'reply' && new TextDecoder().decode(next.payload)).toBe('value');
  });

  it('a request with Block2 gets Block2 even on a reply that fits: {0, M=0, size}', () => {
    const { bw, ch, req } = setup();
    const r = bw.prepareReply(config, ch, req([block2(0, false, 64)]), 0x80, [], text, 0);
    expect(r.options).toEqual([block2(0, false, 64)]);
    expect(r.payload).toEqual(text);
  });

  it('a requested block past the end of the reply (an empty one too) gives 4.02', () => {
    const { bw, ch, req } = setup();
    expect(bw.prepareReply(config, ch, req([block2(3, false, 16)]), 0x80, [], text, 0).code).toBe(
      0x82,
    );
    expect(
      bw.prepareReply(config, ch, req([block2(0, false, 16)]), 0x45, [], new Uint8Array(0), 0).code,
    ).toBe(0x82);
  });

  it('a requested size above max_block_size is not used: the reply goes whole', () => {
    const { bw, ch, req } = setup();
    const small = makeConfig({
      blockwise: { enable: true, max_block_size: 32, max_body_size: 1 << 20 },
    });
    expect(
      bw.prepareReply(small, ch, req([block2(0, false, 64)]), 0x80, [], text, 0).options,
    ).toEqual([]);
  });

  it('an empty token and no Block2 in the request: a large reply goes whole (nothing could fetch the rest)', () => {
    const { bw, ch, req } = setup();
    const big = new Uint8Array(3000);
    const r = bw.prepareReply(config, ch, req([], ''), 0x45, [], big, 0);
    expect(r.payload).toHaveLength(3000);
    expect(r.options).toEqual([]);
  });

  it('a reply that is not split ends the Block2 transfer of its token', () => {
    const { bw, ch, req } = setup();
    bw.startBlock2(config, ch, encodeString('rq'), 0x45, [], new Uint8Array(3000), undefined, 0);
    expect(bw.busy('10.0.0.1:5000', encodeString('rq'))).toBe(true);
    bw.prepareReply(config, ch, req([]), 0x80, [], text, 0);
    expect(bw.busy('10.0.0.1:5000', encodeString('rq'))).toBe(false);
  });

  it('forget ends the transfer of a token (after RST or ack_failure)', () => {
    const { bw, ch } = setup();
    bw.startBlock2(config, ch, encodeString('ob'), 0x45, [], new Uint8Array(3000), undefined, 0);
    bw.forget('10.0.0.1:5000', encodeString('ob'));
    expect(bw.busy('10.0.0.1:5000', encodeString('ob'))).toBe(false);
  });
});
