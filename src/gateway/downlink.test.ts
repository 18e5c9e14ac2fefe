// docs/gateway-behaviour.md §1.14: a request down to a device (emqx_coap_api:request/2), sans-IO.
// The device is a harness client that answers the gateway's CON by hand. Reference cases:
// emqx_coap_api_SUITE t_send_request_api (echo), …_block2, …_block2_too_large,
// …_block2_timeout_followup, …_block2_invalid_followup_option / _sequence, …_block2_respects_
// disable_config, …_timeout, …_client_not_found.
import { describe, expect, it } from 'vitest';
import type { CoapMessage } from '../coap';
import {
  OPT,
  decodeBlock,
  decodeString,
  encode,
  encodeBlock,
  encodeString,
  getOption,
} from '../coap';
import type { GatewayConfig } from './config';
import type { DownlinkOutcome, DownlinkSpec } from './downlink';
import { Harness } from './testing/harness';
import type { TestClient } from './testing/harness';

function connected(config: Partial<GatewayConfig> = {}) {
  const h = new Harness({ connection_required: true, heartbeat: 30, ...config });
  const c = h.client(50000);
  c.post('mqtt/connection?clientid=client1');
  return { h, c };
}

const spec = (o: Partial<DownlinkSpec> = {}): DownlinkSpec => ({
  code: 1,
  token: encodeString('atoken'),
  contentFormat: 0,
  payload: encodeString('simple echo this'),
  timeout: 10_000,
  ...o,
});

/** Starts a call; its outcome once finished (undefined until then). */
function call(h: Harness, s = spec(), clientId = 'client1') {
  const r = h.gateway.sendRequest(clientId, s, h.now);
  if (!r) throw new Error('no such client');
  h.absorb(r.result);
  let outcome: DownlinkOutcome | undefined;
  return () => {
    for (const f of h.gateway.takeFinished()) if (f.id === r.id) outcome = f.outcome;
    return outcome;
  };
}

/** The gateway's requests in the device's inbox. */
const requests = (c: TestClient) =>
  c.inbox.filter((m) => m.type === 'CON' && m.code >= 1 && m.code <= 4);

function respond(
  c: TestClient,
  to: CoapMessage,
  o: {
    type?: 'ACK' | 'CON' | 'NON';
    code?: number;
    payload?: Uint8Array;
    options?: CoapMessage['options'];
    messageId?: number;
  } = {},
) {
  return c.h.raw(
    encode({
      type: o.type ?? 'ACK',
      code: o.code ?? 0x45,
      messageId: o.messageId ?? to.messageId,
      token: to.token,
      options: o.options ?? [],
      payload: o.payload ?? to.payload,
    }),
    c.endpoint,
  );
}

/** A device that serves `body` in Block2 blocks of `size`, as emqx_coap_api_SUITE's block2 device. */
function serveBlocks(c: TestClient, body: Uint8Array, size = 16, max = 1000) {
  for (let i = 0; i < max; i++) {
    const pending = requests(c).filter((m) => !served.has(m));
    if (!pending.length) return;
    for (const req of pending) {
      served.add(req);
      const b = getOption(req, OPT.Block2);
      const num = b ? decodeBlock(b.value).num : 0;
      const start = num * size;
      const more = start + size < body.length;
      respond(c, req, {
        payload: body.subarray(start, start + size),
        options: [
          { number: OPT.Block2, value: encodeBlock({ num, more, szx: Math.log2(size) - 4 }) },
        ],
      });
    }
  }
}
const served = new Set<CoapMessage>();

describe('POST …/clients/:clientid/request, sans-IO', () => {
  it('sends a CON with the method, token, Content-Format and payload, and no Uri-Path (t_send_request_api)', () => {
    const { h, c } = connected();
    const done = call(h);
    const [req] = requests(c);
    expect(req).toMatchObject({ type: 'CON', code: 1 });
    expect(decodeString(req.token)).toBe('atoken');
    expect(decodeString(req.payload)).toBe('simple echo this');
    expect(req.options.map((o) => o.number)).toEqual([OPT.ContentFormat]);
    expect(done()).toBeUndefined();
    respond(c, req);
    expect(done()).toMatchObject({
      kind: 'response',
      code: 0x45,
      messageId: req.messageId,
      blocks: 1,
    });
    const o = done() as Extract<DownlinkOutcome, { kind: 'response' }>;
    expect(decodeString(o.token)).toBe('atoken');
    expect(decodeString(o.payload)).toBe('simple echo this');
  });

  it('is undefined for a clientid that is not connected (CLIENT_NOT_FOUND)', () => {
    const { h } = connected();
    expect(h.gateway.sendRequest('not_found', spec(), h.now)).toBeUndefined();
  });

  it('ends with a timeout when the device says nothing, retransmitting meanwhile (t_send_request_api_timeout)', () => {
    const { h, c } = connected({ heartbeat: 600 });
    const done = call(h, spec({ timeout: 50 }));
    h.advance(49);
    expect(done()).toBeUndefined();
    h.advance(1);
    expect(done()).toMatchObject({ kind: 'timeout' });
    // The machine keeps retransmitting after the call gave up, until its ack_failure.
    h.advance(120_000);
    expect(requests(c)).toHaveLength(5);
    expect(h.eventsOf('downlink').map((e) => e.what)).toContain('gave-up');
  });

  it('takes a separate response, keeps retransmitting after the empty ACK, and sends it no ACK', () => {
    const { h, c } = connected();
    const done = call(h);
    const [req] = requests(c);
    c.answer('ACK', req.messageId);
    h.advance(3100);
    expect(requests(c)).toHaveLength(2); // wait_ack's timer still runs after an empty ACK
    const before = c.inbox.length;
    respond(c, req, { type: 'CON', messageId: 0x7777, payload: encodeString('late') });
    expect(c.inbox.length).toBe(before); // no ACK for the separate CON
    expect(done()).toMatchObject({ kind: 'response', messageId: 0x7777 });
    // The device repeats its CON response: the exchange is gone, so the gateway answers RST.
    respond(c, req, { type: 'CON', messageId: 0x7777, payload: encodeString('late') });
    expect(c.inbox.at(-1)).toMatchObject({ type: 'RST', messageId: 0x7777 });
  });

  it('an RST from the device leaves the call waiting until its timeout', () => {
    const { h, c } = connected();
    const done = call(h, spec({ timeout: 1000 }));
    const [req] = requests(c);
    c.answer('RST', req.messageId);
    expect(done()).toBeUndefined();
    h.advance(1000);
    expect(done()).toMatchObject({ kind: 'timeout' });
  });

  it('a call ends at once when its channel closes (kicked)', () => {
    const { h } = connected();
    const done = call(h);
    const k = h.gateway.kick('client1', h.now);
    if (k) h.absorb(k);
    expect(done()).toMatchObject({
      kind: 'timeout',
      why: { id: 'gateway:downlink.channel-closed' },
    });
  });

  it('does not send a second request with a token still in flight (the transport ignores a repeat send)', () => {
    const { h, c } = connected();
    call(h, spec({ timeout: 50 }));
    h.advance(50);
    const second = call(h, spec({ timeout: 50 }));
    expect(requests(c)).toHaveLength(1);
    h.advance(50);
    expect(second()).toMatchObject({ kind: 'timeout' });
    expect(h.eventsOf('downlink').map((e) => e.what)).toContain('not-sent');
  });

  it('collects a Block2 answer block by block (t_send_request_api_block2)', () => {
    const { h, c } = connected();
    const done = call(h, spec({ token: encodeString('btoken'), payload: encodeString('hello') }));
    const body = encodeString('This is a block2 payload from the device.');
    serveBlocks(c, body);
    const o = done() as Extract<DownlinkOutcome, { kind: 'response' }>;
    expect(o).toMatchObject({ kind: 'response', code: 0x45, blocks: 3 });
    expect(decodeString(o.payload)).toBe('This is a block2 payload from the device.');
    // Follow-ups: the request again with no payload and Block2 (n, 0, 16).
    const follow = requests(c)[1];
    expect(follow.payload.length).toBe(0);
    expect(decodeBlock((getOption(follow, OPT.Block2) as { value: Uint8Array }).value)).toEqual({
      num: 1,
      more: false,
      szx: 0,
    });
  });

  it('answers 4.13 with an unset id once the body would pass max_body_size (t_send_request_api_block2_too_large)', () => {
    const { h, c } = connected({
      blockwise: { enable: true, max_block_size: 1024, max_body_size: 1024 },
    });
    const done = call(h, spec({ token: encodeString('btlrg') }));
    serveBlocks(c, new Uint8Array(2048).fill(0x4c));
    expect(done()).toMatchObject({ kind: 'response', code: 0x8d, messageId: null, blocks: 64 });
    expect(requests(c)).toHaveLength(64);
  });

  it('times out when a follow-up block does not come (…_block2_timeout_followup)', () => {
    const { h, c } = connected();
    const done = call(h, spec({ timeout: 50 }));
    const [req] = requests(c);
    respond(c, req, {
      payload: encodeString('part'),
      options: [{ number: OPT.Block2, value: encodeBlock({ num: 0, more: true, szx: 0 }) }],
    });
    expect(requests(c)).toHaveLength(2);
    h.advance(50);
    expect(done()).toMatchObject({ kind: 'timeout' });
  });

  it('is a bad response when a follow-up has no Block2, or the wrong block (…_invalid_followup_option / _sequence)', () => {
    for (const options of [
      [],
      [{ number: OPT.Block2, value: encodeBlock({ num: 2, more: false, szx: 0 }) }],
    ]) {
      const { h, c } = connected();
      const done = call(h);
      const [req] = requests(c);
      respond(c, req, {
        payload: encodeString('part1'),
        options: [{ number: OPT.Block2, value: encodeBlock({ num: 0, more: true, szx: 0 }) }],
      });
      respond(c, requests(c)[1], { payload: encodeString('part2'), options });
      expect(done()).toMatchObject({ kind: 'bad-response' });
    }
  });

  it('takes the first block as the answer when block-wise is off (…_block2_respects_disable_config)', () => {
    const { h, c } = connected({
      blockwise: { enable: false, max_block_size: 1024, max_body_size: 4 << 20 },
    });
    const done = call(h);
    const [req] = requests(c);
    respond(c, req, {
      payload: encodeString('part'),
      options: [{ number: OPT.Block2, value: encodeBlock({ num: 0, more: true, szx: 0 }) }],
    });
    const o = done() as Extract<DownlinkOutcome, { kind: 'response' }>;
    expect(decodeString(o.payload)).toBe('part');
    expect(requests(c)).toHaveLength(1);
  });
});
