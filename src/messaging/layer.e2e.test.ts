import { describe, expect, it } from 'vitest';
import type { CoapMessage } from '../coap';
import { CODES, decode, decodeString, encode, encodeString, isRequestCode } from '../coap';
import { MessageLayer } from './layer';
import type { Random } from './random';
import { SeededRandom } from './random';

type Side = 'client' | 'server';

interface Datagram {
  to: Side;
  at: number;
  bytes: Uint8Array;
}

/** An in-test UDP link: seeded one-way delay, and a loss rule deciding which datagrams vanish. */
class LossyWire {
  private queue: Datagram[] = [];
  readonly log: { at: number; to: Side; type: string; messageId: number; dropped: boolean }[] = [];

  constructor(
    private readonly random: Random,
    private readonly drop: (message: CoapMessage, to: Side) => boolean,
  ) {}

  send(to: Side, message: CoapMessage, now: number): void {
    const dropped = this.drop(message, to);
    this.log.push({ at: now, to, type: message.type, messageId: message.messageId, dropped });
    if (dropped) return;
    this.queue.push({ to, at: now + this.random.int(5, 80), bytes: encode(message) });
    this.queue.sort((a, b) => a.at - b.at);
  }

  nextDelivery(): number | undefined {
    return this.queue[0]?.at;
  }

  deliver(now: number): Datagram[] {
    const due = this.queue.filter((d) => d.at <= now);
    this.queue = this.queue.filter((d) => d.at > now);
    return due;
  }
}

const earliest = (...times: (number | undefined)[]): number | undefined => {
  const defined = times.filter((t): t is number => t !== undefined);
  return defined.length > 0 ? Math.min(...defined) : undefined;
};

/** A client sends one CON POST to a server over `wire`; runs the virtual clock until all is quiet. */
function exchangeOneRequest(seed: number, wire: LossyWire) {
  const client = new MessageLayer({ random: new SeededRandom(seed) });
  const server = new MessageLayer({ random: new SeededRandom(seed + 1) });
  const processed: string[] = [];
  const responses: { code: number; payload: string; token: number[] }[] = [];
  const serverKinds: string[] = [];
  let gaveUp = false;
  let now = 0;

  const onServer = (m: CoapMessage) => {
    const inbound = server.receive(m, now);
    serverKinds.push(inbound.kind);
    if (inbound.kind === 'new' && inbound.message.type === 'CON' && isRequestCode(m.code)) {
      processed.push(decodeString(m.payload));
      // Piggy-backed response (RFC 7252 §5.2.1): an ACK with the request's Message ID and token.
      const response: CoapMessage = {
        type: 'ACK',
        code: CODES.CHANGED,
        messageId: m.messageId,
        token: Uint8Array.from(m.token),
        options: [],
        payload: encodeString(`ok ${processed.length}`),
      };
      server.reply(m.messageId, response);
      wire.send('client', response, now);
    } else if (inbound.kind === 'duplicate' && inbound.replay) {
      wire.send('client', inbound.replay, now);
    }
  };

  const onClient = (m: CoapMessage) => {
    const inbound = client.receive(m, now);
    if (inbound.kind === 'ack') {
      responses.push({
        code: m.code,
        payload: decodeString(m.payload),
        token: [...m.token],
      });
    }
  };

  const request: CoapMessage = {
    type: 'CON',
    code: CODES.POST,
    messageId: client.nextMessageId(),
    token: Uint8Array.of(0x71, 0x72),
    options: [],
    payload: encodeString('temperature=21'),
  };
  client.track(request, now);
  wire.send('server', request, now);

  for (;;) {
    const next = earliest(wire.nextDelivery(), client.nextDeadline(), server.nextDeadline());
    if (next === undefined) break;
    now = next;
    for (const d of wire.deliver(now)) {
      const decoded = decode(d.bytes);
      if (!decoded.ok) throw new Error(decoded.error.message);
      if (d.to === 'server') onServer(decoded.message);
      else onClient(decoded.message);
    }
    for (const t of client.tick(now)) {
      if (t.kind === 'retransmit') wire.send('server', t.exchange.message, now);
      else gaveUp = true;
    }
    server.tick(now);
  }
  return { processed, responses, serverKinds, gaveUp, request };
}

describe('two message layers over a lossy wire', () => {
  it('processes the request exactly once and still delivers the response when the first ACK is lost', () => {
    let acks = 0;
    const wire = new LossyWire(new SeededRandom(11), (m) => m.type === 'ACK' && ++acks === 1);
    const { processed, responses, serverKinds, gaveUp, request } = exchangeOneRequest(11, wire);

    expect(processed).toEqual(['temperature=21']);
    expect(responses).toEqual([{ code: CODES.CHANGED, payload: 'ok 1', token: [0x71, 0x72] }]);
    expect(serverKinds).toEqual(['new', 'duplicate']);
    expect(gaveUp).toBe(false);
    expect(wire.log.map((e) => [e.to, e.type, e.messageId, e.dropped])).toEqual([
      ['server', 'CON', request.messageId, false],
      ['client', 'ACK', request.messageId, true],
      ['server', 'CON', request.messageId, false],
      ['client', 'ACK', request.messageId, false],
    ]);
    // The retransmission came after the first 2–3 s timeout.
    expect(wire.log[2].at).toBeGreaterThanOrEqual(2000);
    expect(wire.log[2].at).toBeLessThan(3000);
  });

  it('never processes a request twice and never both answers and gives up, whatever a 40 % lossy wire drops', () => {
    let answered = 0;
    let gaveUpCount = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const loss = new SeededRandom(seed * 7919);
      const wire = new LossyWire(new SeededRandom(seed), () => loss.next() < 0.4);
      const { processed, responses, gaveUp } = exchangeOneRequest(seed, wire);

      expect(processed.length).toBeLessThanOrEqual(1);
      expect(responses.length).toBeLessThanOrEqual(1);
      expect(responses.length + (gaveUp ? 1 : 0)).toBe(1);
      if (responses.length === 1) {
        expect(processed).toHaveLength(1);
        expect(responses[0].payload).toBe('ok 1');
      }
      answered += responses.length;
      if (gaveUp) gaveUpCount++;
    }
    // With 40 % loss each way most exchanges get through and some exhaust all five transmissions.
    expect(answered).toBeGreaterThan(150);
    expect(gaveUpCount).toBeGreaterThan(0);
  });
});
