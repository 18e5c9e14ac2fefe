/**
 * A fluent test driver for the gateway (docs/architecture.md style 1, like tldraw's TestEditor): simulated
 * peers send real encoded datagrams, a fake clock advances through the gateway's deadlines, and
 * every datagram the gateway sends lands in its peer's inbox. For tests and benchmarks only.
 */
import type { CoapMessage, CoapOption } from '../../coap';
import {
  OPT,
  codeDotted,
  decode,
  decodeString,
  encode,
  encodeString,
  encodeUint,
  parseUri,
} from '../../coap';
import { Broker } from '../../broker';
import { SeededRandom } from '../../messaging';
import type { GatewayConfig } from '../config';
import type { Endpoint, GatewayEvent } from '../events';
import { endpointKey } from '../events';
import { Gateway } from '../gateway';
import type { StepResult } from '../gateway';

export interface Reply {
  message: CoapMessage;
  /** `2.01` */
  code: string;
  text: string;
  observe: number | undefined;
}

export interface SendOptions {
  type?: 'CON' | 'NON';
  token?: string | Uint8Array;
  observe?: number;
  payload?: string | Uint8Array;
  messageId?: number;
  options?: CoapOption[];
}

const METHODS = { GET: 1, POST: 2, PUT: 3, DELETE: 4 } as const;

export class Harness {
  readonly broker = new Broker();
  readonly gateway: Gateway;
  now = 1_000_000;
  readonly events: GatewayEvent[] = [];
  private readonly inboxes = new Map<string, CoapMessage[]>();
  readonly mqttDeliveries: StepResult['deliveries'] = [];

  constructor(config: Partial<GatewayConfig> = {}, seed = 7) {
    this.gateway = new Gateway({ config, broker: this.broker, random: new SeededRandom(seed) });
  }

  private midBase = 0x1000;
  nextMessageIdBase(): number {
    this.midBase = (this.midBase + 0x0400) & 0xffff;
    return this.midBase;
  }

  client(port = 40_000 + this.inboxes.size, address = '127.0.0.1'): TestClient {
    return new TestClient(this, { address, port });
  }

  /** Feeds raw bytes from a peer and returns what the gateway sent back to that peer. */
  raw(bytes: Uint8Array, from: Endpoint): CoapMessage[] {
    return this.absorb(this.gateway.receive(bytes, from, this.now))
      .filter((d) => endpointKey(d.to) === endpointKey(from))
      .map((d) => d.message);
  }

  /** Moves the clock forward by `ms`, firing every gateway deadline on the way, in order. */
  advance(ms: number): this {
    const end = this.now + ms;
    for (;;) {
      const next = this.gateway.nextDeadline();
      if (next === undefined || next > end) break;
      this.now = Math.max(this.now, next);
      this.absorb(this.gateway.tick(this.now));
    }
    this.now = end;
    return this;
  }

  inbox(peer: Endpoint): CoapMessage[] {
    const key = endpointKey(peer);
    let box = this.inboxes.get(key);
    if (!box) this.inboxes.set(key, (box = []));
    return box;
  }

  eventsOf<K extends GatewayEvent['kind']>(kind: K): Extract<GatewayEvent, { kind: K }>[] {
    return this.events.filter((e): e is Extract<GatewayEvent, { kind: K }> => e.kind === kind);
  }

  absorb(r: StepResult): Array<{ to: Endpoint; message: CoapMessage }> {
    this.events.push(...r.events);
    this.mqttDeliveries.push(...r.deliveries);
    return r.datagrams.map((d) => {
      // Every datagram must survive the codec the way a real peer would read it.
      const back = decode(d.bytes);
      if (!back.ok) throw new Error(`gateway sent undecodable bytes: ${back.error.reason}`);
      this.inbox(d.to).push(back.message);
      return { to: d.to, message: back.message };
    });
  }
}

export class TestClient {
  private mid: number;
  constructor(
    readonly h: Harness,
    readonly endpoint: Endpoint,
  ) {
    // Distinct Message IDs per peer and per client object: the gateway dedups by Message ID alone.
    this.mid = h.nextMessageIdBase();
  }

  get inbox(): CoapMessage[] {
    return this.h.inbox(this.endpoint);
  }

  /** Notifications received so far (2.05 CON/NON that answer no request of ours). */
  notifications(): Reply[] {
    return this.inbox
      .filter((m) => (m.type === 'CON' || m.type === 'NON') && !this.replies.has(m))
      .map(toReply);
  }

  private readonly replies = new Set<CoapMessage>();

  build(method: keyof typeof METHODS, uri: string, o: SendOptions = {}): CoapMessage {
    const parsed = parseUri(`coap://127.0.0.1/${uri.replace(/^\//, '')}`);
    if (!parsed.ok) throw new Error(parsed.error);
    const options = [...parsed.uri.options, ...(o.options ?? [])];
    if (o.observe !== undefined)
      options.push({ number: OPT.Observe, value: encodeUint(o.observe) });
    const token =
      typeof o.token === 'string' ? encodeString(o.token) : (o.token ?? Uint8Array.of(0x01));
    const payload =
      typeof o.payload === 'string' ? encodeString(o.payload) : (o.payload ?? new Uint8Array(0));
    const messageId = o.messageId ?? this.mid++;
    return { type: o.type ?? 'CON', code: METHODS[method], messageId, token, options, payload };
  }

  /** Sends a message and returns the gateway's reply to it (same Message ID), or undefined. */
  send(m: CoapMessage): Reply | undefined {
    const out = this.h.raw(encode(m), this.endpoint);
    const r = out.find(
      (x) =>
        x.messageId === m.messageId &&
        x.type !== 'CON' &&
        (x.type === 'ACK' || x.type === 'RST' || m.type === 'NON'),
    );
    if (!r) return undefined;
    this.replies.add(r);
    return toReply(r);
  }

  request(method: keyof typeof METHODS, uri: string, o: SendOptions = {}): Reply | undefined {
    return this.send(this.build(method, uri, o));
  }
  get(uri: string, o?: SendOptions) {
    return this.request('GET', uri, o);
  }
  post(uri: string, o?: SendOptions) {
    return this.request('POST', uri, o);
  }
  put(uri: string, o?: SendOptions) {
    return this.request('PUT', uri, o);
  }
  delete(uri: string, o?: SendOptions) {
    return this.request('DELETE', uri, o);
  }

  /** Sends an empty ACK or RST for a message the gateway sent. */
  answer(type: 'ACK' | 'RST', messageId: number): CoapMessage[] {
    return this.h.raw(
      encode({
        type,
        code: 0,
        messageId,
        token: new Uint8Array(0),
        options: [],
        payload: new Uint8Array(0),
      }),
      this.endpoint,
    );
  }
}

export function toReply(m: CoapMessage): Reply {
  const obs = m.options.find((o) => o.number === OPT.Observe);
  return {
    message: m,
    code: codeDotted(m.code),
    text: decodeString(m.payload),
    observe: obs ? obs.value.reduce((n, b) => n * 256 + b, 0) : undefined,
  };
}
