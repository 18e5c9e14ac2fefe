// Details of the reference where the order or scope of its checks decides the answer: what
// counts for keep-alive, which checks come before block-wise, what a frame-level refusal does
// to dedup, how Block2 interacts with the notification queue. Each names the spec section and
// the reference code it follows.
import { describe, expect, it } from 'vitest';
import { OPT, decodeBlock, encode, encodeBlock, getOption } from '../coap';
import { Harness } from './testing/harness';
import type { Reply } from './testing/harness';

const empty = new Uint8Array(0);
const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => i % 251);
const block1 = (num: number, more: boolean, szx = 6) => ({
  number: OPT.Block1,
  value: encodeBlock({ num, more, szx }),
});
const block2 = (num: number, more: boolean, szx = 6) => ({
  number: OPT.Block2,
  value: encodeBlock({ num, more, szx }),
});
const blockOf = (r: Reply | undefined, n: number) => {
  const o = r && getOption(r.message, n);
  return o ? decodeBlock(o.value) : undefined;
};

describe('keep-alive counts only well-formed datagrams (gateway-behaviour §1.6)', () => {
  // §1.6: malformed or ignored frames do not count. emqx_gateway_conn:do_inc_incoming_stats/4
  // skips packets whose emqx_coap_frame:type/1 is undefined: coap_ignore, coap_format_error and
  // coap_request_error.
  function channelAt40s() {
    const h = new Harness();
    const c = h.client(52_000);
    c.post('ps/t'); // the channel dies at +60 s when nothing else counts
    h.advance(40_000);
    return { h, c };
  }

  it('an ignored datagram (unknown response code 2.30) does not keep the channel alive', () => {
    const { h, c } = channelAt40s();
    h.raw(
      encode({
        type: 'CON',
        code: 0x5e,
        messageId: 1,
        token: Uint8Array.of(1),
        options: [],
        payload: empty,
      }),
      c.endpoint,
    );
    h.advance(20_000);
    expect(h.gateway.liveChannels()).toHaveLength(0);
  });

  it('a request refused by the frame (4.02, unknown critical option) does not keep the channel alive', () => {
    const { h, c } = channelAt40s();
    expect(c.post('ps/t', { options: [{ number: 9, value: Uint8Array.of(1) }] })?.code).toBe(
      '4.02',
    );
    h.advance(20_000);
    expect(h.gateway.liveChannels()).toHaveLength(0);
  });
});

describe('client messages that match no transaction (gateway-behaviour §1.11)', () => {
  // §1.11: empty ACK or RST → ignored; anything else (a response, or an empty CON ping) →
  // answered with RST (emqx_coap_tm:handle_response/2: only {ack, undefined} and {reset, _}
  // return empty(); everything else gets reset(Msg)).
  it('an empty NON gets RST', () => {
    const h = new Harness();
    const c = h.client(52_010);
    const out = h.raw(
      encode({
        type: 'NON',
        code: 0,
        messageId: 0x2222,
        token: empty,
        options: [],
        payload: empty,
      }),
      c.endpoint,
    );
    expect(out).toMatchObject([{ type: 'RST', messageId: 0x2222 }]);
  });

  it('an ACK carrying a response (2.05) that matches nothing gets RST', () => {
    const h = new Harness();
    const c = h.client(52_011);
    const out = h.raw(
      encode({
        type: 'ACK',
        code: 0x45,
        messageId: 0x2223,
        token: Uint8Array.of(5),
        options: [],
        payload: empty,
      }),
      c.endpoint,
    );
    expect(out).toMatchObject([{ type: 'RST', messageId: 0x2223 }]);
  });
});

describe('a frame-level error reply does not replace the cached reply (gateway-behaviour §1.3, §1.11)', () => {
  // A coap_request_error is answered in emqx_coap_channel:handle_in/2, outside the transport
  // manager, so the {in, MsgId} machine keeps its cached reply.
  it('CON 2.04 for MID 5, then a 4.02 for a bad request reusing MID 5, then a duplicate of the first: 2.04 again', () => {
    const c = new Harness().client(52_020);
    expect(c.post('ps/t', { messageId: 5 })?.code).toBe('2.04');
    expect(
      c.post('ps/t', { messageId: 5, options: [{ number: 9, value: Uint8Array.of(1) }] })?.code,
    ).toBe('4.02');
    expect(c.post('ps/t', { messageId: 5 })?.code).toBe('2.04');
  });
});

describe('connection-mode and connectionless checks come before block-wise (gateway-behaviour §1.4, §1.5, §1.12)', () => {
  // emqx_coap_channel:handle_in/2 → check_auth_state/2 (token, clientid, connectionless authn)
  // runs before call_session/3, where the block-wise layer (call_handler/5) sees the request.
  it('connection mode: a Block1 block without a token gets 4.00 Missing token…, not 2.31', () => {
    const h = new Harness({ connection_required: true });
    const c = h.client(52_030);
    c.post('mqtt/connection?clientid=b1');
    const r = c.post('ps/t?clientid=b1', {
      token: 'up',
      payload: bytes(1024),
      options: [block1(0, true)],
    });
    expect([r?.code, r?.text]).toEqual(['4.00', 'Missing token or clientid in connection mode']);
  });

  it('connectionless with authentication: a Block1 block with a wrong password gets 4.01, not 2.31', () => {
    const h = new Harness({
      authentication: { type: 'users', users: [{ username: 'u', password: 'p' }] },
    });
    const r = h
      .client(52_031)
      .post('ps/t?u=u&p=bad', { token: 'up', payload: bytes(1024), options: [block1(0, true)] });
    expect(r?.code).toBe('4.01');
  });
});

describe('Block2 and the notification queue (gateway-behaviour §1.10, §1.12)', () => {
  function observed(config = {}) {
    const h = new Harness(config);
    const sub = h.client(52_100);
    sub.get('ps/t', { observe: 0, token: 'ob' });
    return { h, sub, pub: h.client(52_101) };
  }

  // §1.12: queued large notifications for the same token are serialised until the current
  // one is fully fetched. The reference drains the queue right after serving a follow-up
  // (emqx_coap_channel:call_handler/5 → drain_observe_after_blockwise/4).
  it('once the last block is fetched, the queued large notification goes out (block 0)', () => {
    const { sub, pub } = observed();
    pub.post('ps/t', { type: 'NON', payload: bytes(2000) });
    pub.post('ps/t', { type: 'NON', payload: bytes(1500) });
    const last = sub.get('ps/t', { token: 'ob', options: [block2(1, false)] });
    expect(blockOf(last, OPT.Block2)?.more).toBe(false);
    const ns = sub.notifications();
    expect(ns).toHaveLength(2);
    expect(ns[1].message.payload).toEqual(bytes(1500).subarray(0, 1024));
  });

  // emqx_coap_session:should_defer_observe_blockwise/4 only defers a notification that itself
  // needs Block2 (observe_notification_needs_block2/2); a small one goes at once when the window
  // is free and nothing is queued.
  it('a small notification for the same token is not held back by a transfer in progress', () => {
    const { sub, pub } = observed();
    pub.post('ps/t', { type: 'NON', payload: bytes(2000) });
    pub.post('ps/t', { type: 'NON', payload: 'small' });
    expect(sub.notifications().map((n) => n.message.payload.length)).toEqual([1024, 5]);
  });

  // §1.10: the queue is drained after ACK, RST or retransmission exhaustion. The reference
  // ends the Block2 transfer of a reset or failed notification first
  // (emqx_coap_channel:maybe_attach_blockwise_to_session_result/4 → clear_observe_blockwise/2),
  // then drains.
  it('an RST for a large CON notification ends its transfer, and the queued one goes out', () => {
    const { sub, pub } = observed({ notify_type: 'con' });
    pub.post('ps/t', { payload: bytes(2000) });
    pub.post('ps/t', { payload: bytes(1500) });
    sub.answer('RST', sub.notifications()[0].message.messageId);
    expect(sub.notifications().map((n) => n.message.payload.length)).toEqual([1024, 1024]);
  });

  it('a large CON notification never acknowledged ends its transfer, and the queued one goes out', () => {
    const { h, sub, pub } = observed({ notify_type: 'con', heartbeat: 300 });
    pub.post('ps/t', { payload: bytes(2000) });
    pub.post('ps/t', { payload: bytes(1500) });
    h.advance(100_000);
    expect(h.eventsOf('gave-up')).toHaveLength(1);
    const ids = new Set(sub.notifications().map((n) => n.message.messageId));
    expect(ids.size).toBe(2);
  });

  // §1.12: the client may also ask for a smaller block size on the first request (Block2 in
  // the request). server_prepare_out_response/4 splits a reply whenever the request carried a
  // valid Block2 (should_split_server_tx_block2/3: payload > size, or num > 0, or a Block2 at
  // all).
  it('a request with Block2 size 16 gets its reply in 16-byte blocks', () => {
    const c = new Harness().client(52_110);
    const first = c.get('ps/t', { token: 'tk', options: [block2(0, false, 0)] });
    expect(first?.code).toBe('4.00');
    expect(first?.text).toBe('invalid observe ');
    expect(blockOf(first, OPT.Block2)).toEqual({ num: 0, more: true, szx: 0 });
    const next = c.get('ps/t', { token: 'tk', options: [block2(1, false, 0)] });
    expect([next?.code, next?.text]).toEqual(['4.00', 'value']);
  });
});

describe('5.x retained messages for observers with rh=0 (gateway-behaviour §1.9, §1.16)', () => {
  // §1.9: 5.x: the retainer used the session.subscribed hook with rh=1 and is_new=false, so
  // retained messages came only if the client passed rh=0.
  it('5.x: GET ps/t?rh=0 with Observe 0 delivers the retained message', () => {
    const h = new Harness({ profile: '5.x' });
    h.client(52_200).post('ps/t?retain=true', { payload: 'kept' });
    const sub = h.client(52_201);
    sub.get('ps/t?rh=0', { observe: 0, token: 'ob' });
    expect(sub.notifications().map((n) => n.text)).toEqual(['kept']);
  });
});

describe('a bad number crashes the channel before authorization (gateway-behaviour §1.7)', () => {
  // emqx_coap_pubsub_handler:handle_method(post, …) calls get_publish_opts/1 (binary_to_integer)
  // before emqx_coap_channel:validator/4, and subscribe/5 calls get_sub_opts/1 before it too.
  const denied = { deny: [{ action: 'all' as const, topic: 'secret' }] };

  it('publish to a denied topic with qos=abc: no reply, the channel crashed', () => {
    const h = new Harness(denied);
    expect(h.client(52_300).post('ps/secret?qos=abc')).toBeUndefined();
    expect(h.eventsOf('channel-closed')).toMatchObject([{ reason: 'crashed' }]);
  });

  it('subscribe to a denied topic with qos=abc: no reply, the channel crashed', () => {
    const h = new Harness(denied);
    expect(h.client(52_301).get('ps/secret?qos=abc', { observe: 0, token: 'ob' })).toBeUndefined();
    expect(h.eventsOf('channel-closed')).toMatchObject([{ reason: 'crashed' }]);
  });
});
