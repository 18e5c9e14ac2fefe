import type { Block, CoapMessage, CoapOption } from '../coap';
import {
  OPT,
  blockSize,
  decodeBlock,
  decodeUint,
  encodeBlock,
  getOption,
  sizeToSzx,
  toHex,
  uriPath,
  uriQuery,
  withOption,
} from '../coap';
// Block-wise transfers are forgotten after EXCHANGE_LIFETIME without progress (the reference's
// blockwise.exchange_lifetime default).
import { EXCHANGE_LIFETIME } from '../messaging';
import type { Channel } from './channel';
import type { GatewayConfig } from './config';
import type { GatewayEvent } from './events';
import { say, type Msg } from './words';
import { endpointKey } from './events';

export type BlockOutcome =
  /** No Block option concerns the gateway: handle the request as it is. */
  | { kind: 'pass'; message: CoapMessage }
  /** Block1 is complete: handle the reassembled request (Block1 removed, as clear_block1/1 does). */
  | { kind: 'complete'; message: CoapMessage; options: CoapOption[] }
  /** Answer now: 2.31 Continue, a Block2 follow-up, or 4.02/4.08/4.13. */
  | {
      kind: 'reply';
      code: number;
      options: CoapOption[];
      payload?: Uint8Array;
      events: GatewayEvent[];
    };

/** A reply or notification ready to go out: whole, or one block of it, or 4.02 instead. */
export interface PreparedReply {
  code: number;
  options: CoapOption[];
  payload: Uint8Array;
}

interface Rx {
  payload: Uint8Array[];
  length: number;
  nextNum: number;
  size: number;
  expiresAt: number;
}
interface Tx {
  code: number;
  options: CoapOption[];
  payload: Uint8Array;
  size: number;
  /** The Observe value of a notification, to recognise the same transfer (put_server_tx/4). */
  observe: number | undefined;
  expiresAt: number;
}

type Split =
  | { kind: 'single' }
  | {
      kind: 'chunked';
      options: CoapOption[];
      payload: Uint8Array;
      more: boolean;
      num: number;
      size: number;
    }
  | { kind: 'error' };

const withoutBlock = (options: readonly CoapOption[], n: number): CoapOption[] =>
  options.filter((o) => o.number !== n);

/** emqx_coap_blockwise:is_valid_block_size/1 and the max_block_size bound. */
const validSize = (size: number, max: number): boolean =>
  sizeToSzx(size) !== undefined && size <= max;

/**
 * The Uri-Query part of a Block1 key as the reference has it: the frame's query map, so only
 * entries with exactly one `=` count, the last duplicate wins and the order does not matter.
 */
function queryKey(m: CoapMessage): string {
  const map = new Map<string, string>();
  for (const entry of uriQuery(m.options)) {
    const parts = entry.split('=');
    if (parts.length === 2) map.set(parts[0], parts[1]);
  }
  return JSON.stringify([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Block-wise transfer as the reference does it (gateway-behaviour §1.12, emqx_coap_blockwise.erl): Block1
 * requests are reassembled per peer, method, path, query and token; large replies and
 * notifications go out as Block2 block 0 and the rest is fetched by (peer, token).
 */
export class Blockwise {
  private readonly rx = new Map<string, Rx>();
  private readonly tx = new Map<string, Tx>();

  /**
   * An incoming request (server_incoming/3): a Block2 follow-up is looked at first
   * (server_followup_in/3), then Block1 (server_in/3).
   */
  request(config: GatewayConfig, ch: Channel, m: CoapMessage, now: number): BlockOutcome {
    this.expire(now); // maybe_expire/1 runs on every call
    const peer = endpointKey(ch.peer);
    const block2 = getOption(m, OPT.Block2);
    if (block2) {
      const r = this.followUp(config, ch, peer, m, decodeBlock(block2.value), now);
      if (r) return r;
    }
    const block1 = getOption(m, OPT.Block1);
    if (block1) return this.block1(config, ch, peer, m, decodeBlock(block1.value), now);
    return { kind: 'pass', message: m };
  }

  /** do_handle_server_block1/6. */
  private block1(
    config: GatewayConfig,
    ch: Channel,
    peer: string,
    m: CoapMessage,
    b: Block,
    now: number,
  ): BlockOutcome {
    const size = blockSize(b.szx);
    const { max_block_size: maxBlock, max_body_size: maxBody } = config.blockwise;
    const fail = (code: number, why: Msg): BlockOutcome => ({
      kind: 'reply',
      code,
      options: [],
      events: [
        {
          kind: 'request',
          channel: ch.id,
          summary: `Block1 ${b.num}/${b.more ? 1 : 0}/${size}`,
          code,
          explanation: why,
        },
      ],
    });
    // The size is checked before anything else, and a bad one leaves the transfer as it was.
    if (!validSize(size, maxBlock))
      return fail(0x82, say('block.too-large', { size: String(size), max: String(maxBlock) }));
    const key = `${peer} ${m.code} ${JSON.stringify(uriPath(m.options))} ${queryKey(m)} ${toHex(m.token)}`;
    const prev = this.rx.get(key);
    let rx: Rx;
    if (b.num === 0) {
      // Block 0 (re)starts the transfer; too big on its own, it is refused and the old one kept.
      if (m.payload.length > maxBody)
        return fail(0x8d, say('block.body-too-large', { max: String(maxBody) }));
      rx = { payload: [], length: 0, nextNum: 0, size, expiresAt: 0 };
    } else if (!prev) {
      return fail(0x88, say('block.no-first', { num: String(b.num) }));
    } else if (prev.nextNum !== b.num || prev.size !== size) {
      this.rx.delete(key);
      return fail(
        0x88,
        say('block.out-of-order', {
          expected: String(prev.nextNum),
          expectedSize: String(prev.size),
          num: String(b.num),
          size: String(size),
        }),
      );
    } else if (prev.length + m.payload.length > maxBody) {
      this.rx.delete(key);
      return fail(0x8d, say('block.body-too-large', { max: String(maxBody) }));
    } else rx = prev;
    rx.payload.push(m.payload);
    rx.length += m.payload.length;
    const event: GatewayEvent = {
      kind: 'block',
      channel: ch.id,
      direction: 'block1',
      num: b.num,
      more: b.more,
      size,
      total: rx.length,
    };
    if (b.more) {
      rx.nextNum = b.num + 1;
      rx.expiresAt = now + EXCHANGE_LIFETIME;
      this.rx.set(key, rx);
      // continue_reply/3: 2.31 Continue with Block1 {Num, true, Size}.
      return {
        kind: 'reply',
        code: 0x5f,
        options: [
          { number: OPT.Block1, value: encodeBlock({ num: b.num, more: true, szx: b.szx }) },
        ],
        events: [event],
      };
    }
    this.rx.delete(key);
    const payload = new Uint8Array(rx.length);
    let at = 0;
    for (const part of rx.payload) {
      payload.set(part, at);
      at += part.length;
    }
    // clear_block1/1: the handler sees the whole body, and its reply carries no Block1.
    return {
      kind: 'complete',
      message: { ...m, options: withoutBlock(m.options, OPT.Block1), payload },
      options: [],
    };
  }

  /**
   * handle_server_followup_block2/4: a bad size is 4.02 whether or not a transfer exists; with
   * no token or no transfer for (peer, token) the request passes on.
   */
  private followUp(
    config: GatewayConfig,
    ch: Channel,
    peer: string,
    m: CoapMessage,
    b: Block,
    now: number,
  ): BlockOutcome | undefined {
    const size = blockSize(b.szx);
    const bad = (why: Msg): BlockOutcome => ({
      kind: 'reply',
      code: 0x82,
      options: [],
      events: [
        {
          kind: 'request',
          channel: ch.id,
          summary: `Block2 ${b.num}/${size}`,
          code: 0x82,
          explanation: why,
        },
      ],
    });
    if (!validSize(size, config.blockwise.max_block_size)) {
      return bad(
        say('block.too-large', {
          size: String(size),
          max: String(config.blockwise.max_block_size),
        }),
      );
    }
    if (m.token.length === 0) return undefined;
    const key = `${peer} ${toHex(m.token)}`;
    const tx = this.tx.get(key);
    if (!tx) return undefined;
    if (size !== tx.size) {
      this.tx.delete(key);
      return bad(say('block.size-changed', { size: String(size), transferSize: String(tx.size) }));
    }
    if (b.num * size >= tx.payload.length) {
      this.tx.delete(key);
      return bad(say('block.past-end', { num: String(b.num) }));
    }
    const part = this.slice(tx, b.num, size);
    if (part.more) tx.expiresAt = now + EXCHANGE_LIFETIME;
    else this.tx.delete(key);
    return {
      kind: 'reply',
      code: tx.code,
      options: part.options,
      payload: part.payload,
      events: [
        {
          kind: 'block',
          channel: ch.id,
          direction: 'block2',
          num: b.num,
          more: part.more,
          size,
          total: tx.payload.length,
        },
      ],
    };
  }

  /**
   * Prepares a piggy-backed reply to `req` (server_prepare_out_response/4 with a request). It is
   * split when the body is larger than the block size, or whenever the request carried a valid
   * Block2 (its own size and number): then even a short reply gets Block2, and a block number
   * past the end (an empty body included) gives 4.02. A reply that is not split ends any Block2
   * transfer of the request's token (maybe_clear_server_tx/3).
   */
  prepareReply(
    config: GatewayConfig,
    ch: Channel,
    req: CoapMessage,
    code: number,
    options: CoapOption[],
    body: Uint8Array,
    now: number,
  ): PreparedReply {
    this.expire(now);
    const requested = getOption(req, OPT.Block2);
    const split = this.split(
      config,
      ch,
      req.token,
      code,
      options,
      body,
      requested ? decodeBlock(requested.value) : undefined,
      now,
    );
    if (split.kind === 'error') return { code: 0x82, options: [], payload: new Uint8Array(0) };
    if (split.kind === 'chunked') return { code, options: split.options, payload: split.payload };
    if (req.token.length > 0) this.tx.delete(`${endpointKey(ch.peer)} ${toHex(req.token)}`);
    return { code, options, payload: body };
  }

  /**
   * Starts a Block2 transfer of a large notification (or reply) and returns block 0, or the block
   * the request asked for with its own smaller size. A notification (no `requested`) larger than
   * max_block_size is split (emqx_coap_session:maybe_split_notify_block2/4). With an empty token
   * and no Block2 in the request there is no way to fetch more, so the body goes out whole, as in
   * handle_server_tx_block2/4. For replies use `prepareReply`: it also splits short replies to a
   * request with Block2 and answers 4.02 for a block past the end, where this sends the body whole.
   */
  startBlock2(
    config: GatewayConfig,
    ch: Channel,
    token: Uint8Array,
    code: number,
    options: CoapOption[],
    body: Uint8Array,
    requested: Uint8Array | undefined,
    now: number,
  ): { options: CoapOption[]; payload: Uint8Array } {
    this.expire(now);
    const split = this.split(
      config,
      ch,
      token,
      code,
      options,
      body,
      requested ? decodeBlock(requested) : undefined,
      now,
    );
    if (split.kind === 'chunked') return { options: split.options, payload: split.payload };
    return { options, payload: body };
  }

  /** should_split_server_tx_block2/3 and handle_server_tx_block2/4. */
  private split(
    config: GatewayConfig,
    ch: Channel,
    token: Uint8Array,
    code: number,
    options: CoapOption[],
    body: Uint8Array,
    requested: Block | undefined,
    now: number,
  ): Split {
    const max = config.blockwise.max_block_size;
    let size = max;
    let num = 0;
    if (requested) {
      const s = blockSize(requested.szx);
      // pick_server_tx_block2_params/2: an invalid request size means "do not split".
      if (!validSize(s, max)) return { kind: 'single' };
      size = s;
      num = requested.num;
    }
    if (!(body.length > size || num > 0 || requested !== undefined)) return { kind: 'single' };
    if (token.length === 0 && !requested) return { kind: 'single' };
    const observe = getOption({ options }, OPT.Observe);
    const tx: Tx = {
      code,
      options: withoutBlock(options, OPT.Block2),
      payload: body,
      size,
      observe: observe ? decodeUint(observe.value) : undefined,
      expiresAt: now + EXCHANGE_LIFETIME,
    };
    // build_server_tx_block_from_template/3: a block starting at or past the end is out of range.
    if (num * size >= body.length) return { kind: 'error' };
    const part = this.slice(tx, num, size);
    if (token.length > 0) this.put(`${endpointKey(ch.peer)} ${toHex(token)}`, tx, part.more);
    return {
      kind: 'chunked',
      options: part.options,
      payload: part.payload,
      more: part.more,
      num,
      size,
    };
  }

  /** put_server_tx/4: a finished transfer is dropped; the same notification only refreshes its expiry. */
  private put(key: string, tx: Tx, more: boolean): void {
    if (!more) {
      this.tx.delete(key);
      return;
    }
    const prev = this.tx.get(key);
    if (prev && tx.observe !== undefined && prev.observe === tx.observe)
      prev.expiresAt = tx.expiresAt;
    else this.tx.set(key, tx);
  }

  /** emqx_coap_message:set_payload_block/4 for Block2. */
  private slice(
    tx: Tx,
    num: number,
    size: number,
  ): { options: CoapOption[]; payload: Uint8Array; more: boolean } {
    const start = num * size;
    const end = Math.min(start + size, tx.payload.length);
    const more = end < tx.payload.length;
    const szx = sizeToSzx(size) ?? 6;
    return {
      options: withOption(tx.options, {
        number: OPT.Block2,
        value: encodeBlock({ num, more, szx }),
      }),
      payload: tx.payload.subarray(start, end),
      more,
    };
  }

  /** Whether a Block2 transfer to this peer and token is still being fetched (notifications wait). */
  busy(peer: string, token: Uint8Array): boolean {
    // Asked for every notification: skip building the key when nothing is being fetched.
    return this.tx.size > 0 && this.tx.has(`${peer} ${toHex(token)}`);
  }

  /**
   * Ends the Block2 transfer of a notification that was reset or never acknowledged
   * (emqx_coap_channel:clear_observe_blockwise/2, after RST or ack_failure), so that queued
   * notifications for that token can go.
   */
  forget(peer: string, token: Uint8Array): void {
    if (token.length > 0) this.tx.delete(`${peer} ${toHex(token)}`);
  }

  forgetPeer(peer: string): void {
    for (const k of this.rx.keys()) if (k.startsWith(peer + ' ')) this.rx.delete(k);
    for (const k of this.tx.keys()) if (k.startsWith(peer + ' ')) this.tx.delete(k);
  }

  /** Drops transfers whose exchange lifetime has passed (expire/2). */
  expire(now: number): void {
    for (const [k, v] of this.rx) if (v.expiresAt <= now) this.rx.delete(k);
    for (const [k, v] of this.tx) if (v.expiresAt <= now) this.tx.delete(k);
  }
}
