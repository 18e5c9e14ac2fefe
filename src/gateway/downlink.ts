// Requests down to a device (emqx_coap_api:request/2): the management API asks the gateway to send
// a CON request to a connected client, which answers as a CoAP server. One `Call` is one API call;
// each CON it sends is an `Exchange` (the reference's transport-manager machine, emqx_coap_tm),
// with its own retransmission. A Block2 answer is collected block by block up to max_body_size
// (collect_block2/6). Sans-IO: the gateway hands in datagrams and `now`, and takes out what to send,
// its events and the finished calls.
import type { CoapMessage } from '../coap';
import { OPT, decodeBlock, encodeBlock, getOption, toHex, uintOption } from '../coap';
import type { Random, TransmissionParams } from '../messaging';
import type { Channel } from './channel';
import type { GatewayEvent } from './events';
import { say, type Msg } from './words';

/** What the API asks the gateway to send. */
export interface DownlinkSpec {
  /** 0.01..0.04 */
  code: number;
  /** At most 8 bytes; empty is allowed. */
  token: Uint8Array;
  contentFormat: number;
  payload: Uint8Array;
  /** How long the call waits for each response, ms (the reference's gen_server wait). */
  timeout: number;
}

/** How a call ended, for the API to answer with (emqx_coap_api's status codes). */
export type DownlinkOutcome =
  /** 200: a response (or the reference's own 4.13 when the body would pass max_body_size). */
  | {
      kind: 'response';
      /** The response's Message ID; null for the reference's too-large reply (its unset id). */
      messageId: number | null;
      token: Uint8Array;
      code: number;
      payload: Uint8Array;
      blocks: number;
    }
  /** 504 CLIENT_NOT_RESPONSE: no response within `timeout`, or the channel went away. */
  | { kind: 'timeout'; why: Msg }
  /** 502 CLIENT_BAD_RESPONSE: a Block2 answer that does not follow on. */
  | { kind: 'bad-response'; why: Msg };

export interface FinishedCall {
  id: number;
  outcome: DownlinkOutcome;
}

/** The response codes the reference's frame parser knows and their atoms (class_code_to_method/1). */
const RESPONSE_ATOMS: ReadonlyMap<number, string> = new Map([
  [0x41, 'ok,created'],
  [0x42, 'ok,deleted'],
  [0x43, 'ok,valid'],
  [0x44, 'ok,changed'],
  [0x45, 'ok,content'],
  [0x47, 'ok,nocontent'],
  [0x5f, 'ok,continue'],
  [0x80, 'error,bad_request'],
  [0x81, 'error,unauthorized'],
  [0x82, 'error,bad_option'],
  [0x83, 'error,forbidden'],
  [0x84, 'error,not_found'],
  [0x85, 'error,method_not_allowed'],
  [0x86, 'error,not_acceptable'],
  [0x88, 'error,request_entity_incomplete'],
  [0x8c, 'error,precondition_failed'],
  [0x8d, 'error,request_entity_too_large'],
  [0x8f, 'error,unsupported_content_format'],
  [0xa0, 'error,internal_server_error'],
  [0xa1, 'error,not_implemented'],
  [0xa2, 'error,bad_gateway'],
  [0xa3, 'error,service_unavailable'],
  [0xa4, 'error,gateway_timeout'],
  [0xa5, 'error,proxying_not_supported'],
]);
export const isKnownResponseCode = (code: number): boolean => RESPONSE_ATOMS.has(code);
/** A response code as the API's `method` field writes it (`~p`): `{ok,content}`. */
export const methodTerm = (code: number): string => `{${RESPONSE_ATOMS.get(code) ?? 'unknown'}}`;

/** One CON on the wire and its retransmission (emqx_coap_transport idle → wait_ack). */
interface Exchange {
  /** Undefined once its call ended (timed out): it still runs until answered or given up. */
  call: Call | undefined;
  channel: Channel;
  message: CoapMessage;
  transmissions: number;
  /** The current retransmission interval. */
  interval: number;
  nextAt: number;
}

interface Call {
  id: number;
  channel: Channel;
  /** The request as the API built it: the template of every follow-up (block2_template/3). */
  request: CoapMessage;
  timeout: number;
  /** When this call stops waiting for the current response. */
  deadline: number;
  /** Responses taken so far (N of collect_block2/6). */
  n: number;
  exchange: Exchange | undefined;
  /** A Block2 body being collected (client_rx_block2). */
  rx: { chunks: Uint8Array[]; total: number; size: number } | undefined;
}

const concat = (chunks: readonly Uint8Array[], total: number): Uint8Array => {
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
};

/** The block size a Block2 option names; SZX 7 reads as 2048, which no check accepts. */
const sizeOf = (szx: number): number => 1 << (szx + 4);
const validSize = (size: number): boolean => size >= 16 && size <= 1024;

const without = (m: CoapMessage, numbers: number[]): CoapMessage['options'] =>
  m.options.filter((o) => !numbers.includes(o.number));

/** The downlink side of the gateway: calls in flight and the CON requests they sent. */
export class Downlink {
  private readonly calls = new Map<number, Call>();
  private readonly exchanges: Exchange[] = [];
  private nextId = 1;
  /** Calls that ended since the last `take()`. */
  private finished: FinishedCall[] = [];

  constructor(
    private readonly random: Random,
    private readonly emit: (e: GatewayEvent) => void,
    private readonly send: (ch: Channel, m: CoapMessage) => void,
  ) {}

  /** Starts a call to `ch`; its id. */
  start(ch: Channel, spec: DownlinkSpec, params: TransmissionParams, now: number): number {
    const id = this.nextId++;
    const request: CoapMessage = {
      type: 'CON',
      code: spec.code,
      messageId: 0,
      token: spec.token.slice(),
      options: [uintOption(OPT.ContentFormat, spec.contentFormat)],
      payload: spec.payload.slice(),
    };
    const call: Call = {
      id,
      channel: ch,
      request,
      timeout: spec.timeout,
      deadline: now + spec.timeout,
      n: 0,
      exchange: undefined,
      rx: undefined,
    };
    this.calls.set(id, call);
    this.transmit(call, request, params, now);
    return id;
  }

  /** The calls that ended since the last call, in order. */
  take(): FinishedCall[] {
    const out = this.finished;
    this.finished = [];
    return out;
  }

  nextDeadline(): number | undefined {
    let next: number | undefined;
    for (const c of this.calls.values())
      if (next === undefined || c.deadline < next) next = c.deadline;
    for (const x of this.exchanges) if (next === undefined || x.nextAt < next) next = x.nextAt;
    return next;
  }

  /** Retransmissions, give-ups and calls that waited long enough. */
  tick(now: number, params: TransmissionParams): void {
    for (const x of [...this.exchanges]) {
      if (x.nextAt > now) continue;
      if (x.transmissions > params.maxRetransmit) {
        // ack_failure: the machine stops; the call (if any) keeps waiting until its timeout.
        this.drop(x);
        this.event(x, 'gave-up', say('downlink.gave-up', { n: x.transmissions }));
        continue;
      }
      x.interval = params.nextTimeout(x.interval);
      x.nextAt = now + x.interval;
      this.emit({
        kind: 'retransmission',
        channel: x.channel.id,
        messageId: x.message.messageId,
        attempt: x.transmissions,
        nextIn: x.interval,
      });
      x.transmissions++;
      this.send(x.channel, x.message);
    }
    for (const c of [...this.calls.values()])
      if (c.deadline <= now)
        this.end(c, {
          kind: 'timeout',
          why: say('downlink.no-response', { timeout: String(c.timeout) }),
        });
  }

  /**
   * A datagram from `ch` that is not a request: whether it answers one of the gateway's requests
   * (emqx_coap_tm:handle_response/2: an ACK or RST by Message ID, a separate response also by its
   * token). Handled here if so; otherwise the gateway treats it as before.
   */
  claim(ch: Channel, m: CoapMessage, params: TransmissionParams, now: number): boolean {
    const token = toHex(m.token);
    const x = this.exchanges.find(
      (e) =>
        e.channel === ch &&
        (e.message.messageId === m.messageId ||
          (m.type !== 'ACK' &&
            m.type !== 'RST' &&
            token !== '' &&
            toHex(e.message.token) === token)),
    );
    if (!x) return false;
    if (m.type === 'RST') {
      this.drop(x);
      this.event(x, 'reset', say('downlink.reset'));
      return true;
    }
    if (m.code === 0) {
      // wait_ack: an empty ACK keeps the machine waiting for a separate response, and its
      // ack_timeout running (emqx_coap_transport keeps the state timer).
      this.event(x, 'acked', say('downlink.acked'));
      return true;
    }
    if (!isKnownResponseCode(m.code)) {
      this.emit({
        kind: 'ignored',
        channel: ch.id,
        peer: ch.peer,
        why: say('ignored.unknown-response-code'),
      });
      return true;
    }
    this.drop(x);
    // wait_ack answers neither a separate CON response nor a NON one: no ACK goes back.
    this.event(
      x,
      'answered',
      m.type === 'CON'
        ? say('downlink.answered-con')
        : m.type === 'NON'
          ? say('downlink.answered-non')
          : say('downlink.answered-piggybacked'),
    );
    if (x.call) this.response(x.call, m, params, now);
    return true;
  }

  /** The channel closed: its calls end now (the reference's wait_response sees the process die). */
  channelClosed(ch: Channel): void {
    for (const x of [...this.exchanges]) if (x.channel === ch) this.drop(x);
    for (const c of [...this.calls.values()])
      if (c.channel === ch) this.end(c, { kind: 'timeout', why: say('downlink.channel-closed') });
  }

  // ─── internals ───────────────────────────────────────────────────────────

  private transmit(call: Call, m: CoapMessage, params: TransmissionParams, now: number): void {
    const ch = call.channel;
    const token = toHex(m.token);
    if (
      token !== '' &&
      this.exchanges.some((e) => e.channel === ch && toHex(e.message.token) === token)
    ) {
      // emqx_coap_tm:handle_out/3 finds a machine by token and ignores the repeat send.
      call.exchange = undefined;
      this.emit({
        kind: 'downlink',
        channel: ch.id,
        clientId: ch.clientId,
        request: call.id,
        what: 'not-sent',
        messageId: -1,
        detail: say('downlink.not-sent', { token, clientId: ch.clientId }),
      });
      return;
    }
    const message: CoapMessage = { ...m, messageId: ch.layer.nextMessageId() };
    const interval = params.initialTimeout(this.random);
    const x: Exchange = {
      call,
      channel: ch,
      message,
      transmissions: 1,
      interval,
      nextAt: now + interval,
    };
    call.exchange = x;
    this.exchanges.push(x);
    const block = getOption(message, OPT.Block2);
    this.emit({
      kind: 'downlink',
      channel: ch.id,
      clientId: ch.clientId,
      request: call.id,
      what: 'sent',
      messageId: message.messageId,
      detail: block
        ? say('downlink.next-block', { num: String(decodeBlock(block.value).num) })
        : say('downlink.sent', { clientId: ch.clientId, timeout: String(call.timeout) }),
    });
    this.send(ch, message);
  }

  private response(call: Call, resp: CoapMessage, params: TransmissionParams, now: number): void {
    const cfg = this.config();
    const n = call.n;
    const opt = getOption(resp, OPT.Block2);
    const b = opt ? decodeBlock(opt.value) : undefined;
    // validate_block2_reply/2
    if (!b && n > 0)
      return this.end(call, {
        kind: 'bad-response',
        why: say('downlink.no-block2', { num: String(n) }),
      });
    if (b && b.num !== n)
      return this.end(call, {
        kind: 'bad-response',
        why: say('downlink.block-sequence', { num: String(b.num), due: String(n) }),
      });
    const answer = (m: CoapMessage, payload = m.payload, code = m.code) =>
      this.end(call, {
        kind: 'response',
        messageId: m.messageId,
        token: m.token,
        code,
        payload,
        blocks: n + 1,
      });
    // client_in_response/3: without block-wise, the first answer as it is.
    if (!cfg.enabled || !b) return answer(resp);
    const size = sizeOf(b.szx);
    if (!validSize(size) || size > cfg.maxBlock) return answer(resp);
    let total: number;
    if (n === 0) {
      if (resp.payload.length > cfg.maxBody) return answer(resp, resp.payload, 0x8d);
      total = resp.payload.length;
      call.rx = { chunks: [resp.payload], total, size };
    } else {
      const rx = call.rx;
      if (!rx || size !== rx.size) return answer(resp, resp.payload, 0x88);
      total = rx.total + resp.payload.length;
      if (total > cfg.maxBody) return answer(resp, resp.payload, 0x8d);
      rx.chunks.push(resp.payload);
      rx.total = total;
    }
    if (!b.more) {
      const rx = call.rx as NonNullable<Call['rx']>;
      return answer(resp, concat(rx.chunks, rx.total));
    }
    // block2_exceeds_max_body/3: the next block would pass max_body_size.
    if (n + 1 >= Math.ceil(cfg.maxBody / size)) {
      this.emit({
        kind: 'downlink',
        channel: call.channel.id,
        clientId: call.channel.clientId,
        request: call.id,
        what: 'too-large',
        messageId: resp.messageId,
        detail: say('downlink.too-large', {
          total: String(total),
          blocks: String(n + 1),
          size: String(size),
          max: String(cfg.maxBody),
        }),
      });
      return this.end(call, {
        kind: 'response',
        messageId: null,
        token: call.request.token,
        code: 0x8d,
        payload: new Uint8Array(0),
        blocks: n + 1,
      });
    }
    // next_block2_request/5: the request again, no payload, Block2 (n+1, size), the answer's token.
    call.n = n + 1;
    call.deadline = now + call.timeout;
    const next: CoapMessage = {
      ...call.request,
      token: resp.token.length ? resp.token : call.request.token,
      payload: new Uint8Array(0),
      options: [
        ...without(call.request, [OPT.Block1, OPT.Block2]),
        { number: OPT.Block2, value: encodeBlock({ num: n + 1, more: false, szx: b.szx }) },
      ].sort((x, y) => x.number - y.number),
    };
    this.transmit(call, next, params, now);
  }

  /** Set by the gateway: the block-wise settings the collection follows (default_opts(coap)). */
  config: () => { enabled: boolean; maxBlock: number; maxBody: number } = () => ({
    enabled: true,
    maxBlock: 1024,
    maxBody: 4 * 1024 * 1024,
  });

  private end(call: Call, outcome: DownlinkOutcome): void {
    if (!this.calls.delete(call.id)) return;
    if (call.exchange) call.exchange.call = undefined;
    this.finished.push({ id: call.id, outcome });
    this.emit({
      kind: 'downlink',
      channel: call.channel.id,
      clientId: call.channel.clientId,
      request: call.id,
      what: outcome.kind === 'response' ? 'done' : outcome.kind,
      messageId: outcome.kind === 'response' ? (outcome.messageId ?? -1) : -1,
      detail:
        outcome.kind !== 'response'
          ? outcome.why
          : outcome.blocks > 1
            ? say('downlink.done-blocks', {
                bytes: String(outcome.payload.length),
                blocks: String(outcome.blocks),
              })
            : say('downlink.done'),
    });
  }

  private drop(x: Exchange): void {
    const i = this.exchanges.indexOf(x);
    if (i >= 0) this.exchanges.splice(i, 1);
    if (x.call?.exchange === x) x.call.exchange = undefined;
  }

  private event(x: Exchange, what: 'gave-up' | 'reset' | 'acked' | 'answered', detail: Msg): void {
    this.emit({
      kind: 'downlink',
      channel: x.channel.id,
      clientId: x.channel.clientId,
      request: x.call?.id ?? -1,
      what,
      messageId: x.message.messageId,
      detail,
    });
  }

  /** Calls in flight, for snapshots. */
  pending(): number {
    return this.calls.size;
  }
}
