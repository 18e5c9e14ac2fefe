import { describe, expect, it } from 'vitest';
import { CODES } from '../coap';
import type { MessageLayer, Timeout } from './layer';
import { emptyReply } from './layer';
import { RFC7252_PARAMS } from './params';
import { SeededRandom } from './random';
import {
  ALMOST_ONE,
  FixedRandom,
  LEGACY_GATEWAY_PARAMS,
  REFERENCE_GATEWAY_PARAMS,
  expectKind,
  layer,
  message,
} from './testing/helpers';

// The sending side of the message layer: Message IDs, CON retransmission, ACK/RST matching.
// The receiving side (duplicates, pings, separate responses) is in layer.inbound.test.ts.

const kinds = (events: readonly Timeout[]): string[] => events.map((e) => e.kind);

/** Ticks at each deadline in turn until nothing is tracked; returns when each event fired. */
function runToEnd(l: MessageLayer): { at: number; kind: Timeout['kind'] }[] {
  const fired: { at: number; kind: Timeout['kind'] }[] = [];
  for (let at = l.nextDeadline(); at !== undefined; at = l.nextDeadline()) {
    for (const e of l.tick(at)) {
      expect(e.at).toBe(at);
      fired.push({ at, kind: e.kind });
    }
  }
  return fired;
}

describe('Message IDs (RFC 7252 §4.4)', () => {
  it('starts at a random Message ID in 1..65535', () => {
    const firsts = new Set<number>();
    for (let seed = 1; seed <= 500; seed++) {
      const id = layer({ random: new SeededRandom(seed) }).nextMessageId();
      expect(Number.isInteger(id)).toBe(true);
      expect(id).toBeGreaterThanOrEqual(1);
      expect(id).toBeLessThanOrEqual(65535);
      firsts.add(id);
    }
    expect(firsts.size).toBeGreaterThan(490);
  });

  it('can start at either end of 1..65535', () => {
    expect(layer({ random: new FixedRandom(0) }).nextMessageId()).toBe(1);
    expect(layer({ random: new FixedRandom(ALMOST_ONE) }).nextMessageId()).toBe(65535);
  });

  it('starts at the same Message ID for the same seed, so a scenario replays exactly', () => {
    const a = layer({ random: new SeededRandom(99) });
    const b = layer({ random: new SeededRandom(99) });
    expect([a.nextMessageId(), a.nextMessageId()]).toEqual([b.nextMessageId(), b.nextMessageId()]);
  });

  it('starts where told and does not draw from the random source for it', () => {
    const random = new SeededRandom(5);
    const l = layer({ random, firstMessageId: 1234 });
    expect(l.nextMessageId()).toBe(1234);
    expect(random.next()).toBe(new SeededRandom(5).next());
  });

  it('increments the Message ID by one per message', () => {
    const l = layer({ firstMessageId: 100 });
    expect([l.nextMessageId(), l.nextMessageId(), l.nextMessageId()]).toEqual([100, 101, 102]);
  });

  it('wraps from 65535 to 1, never using 0', () => {
    const l = layer({ firstMessageId: 65534 });
    expect([1, 2, 3, 4].map(() => l.nextMessageId())).toEqual([65534, 65535, 1, 2]);
  });
});

describe('retransmitting a CON (RFC 7252 §4.2)', () => {
  it('waits ACK_TIMEOUT × a random factor in [1, 1.5), i.e. 2–3 s, before the first retransmission', () => {
    const timeouts: number[] = [];
    for (let seed = 1; seed <= 1000; seed++) {
      const l = layer({ random: new SeededRandom(seed) });
      const t = l.track(message('CON', 1), 0).timeout;
      expect(t).toBeGreaterThanOrEqual(2000);
      expect(t).toBeLessThan(3000);
      timeouts.push(t);
    }
    expect(Math.min(...timeouts)).toBeLessThan(2050);
    expect(Math.max(...timeouts)).toBeGreaterThan(2950);
  });

  it('retransmits an unacknowledged CON after 2–3 s, then 4–6 s, 8–12 s, 16–24 s, and gives up 32–48 s after the fifth transmission', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const l = layer({ random: new SeededRandom(seed) });
      l.track(message('CON', 7), 0);
      const fired = runToEnd(l);
      expect(fired.map((f) => f.kind)).toEqual([
        'retransmit',
        'retransmit',
        'retransmit',
        'retransmit',
        'give-up',
      ]);
      const times = [0, ...fired.map((f) => f.at)];
      const gaps = times.slice(1).map((t, i) => t - times[i]);
      gaps.forEach((gap, i) => {
        expect(gap).toBeGreaterThanOrEqual(2000 * 2 ** i - 1e-6);
        expect(gap).toBeLessThan(3000 * 2 ** i);
      });
      // RFC 7252 §4.8.2: MAX_TRANSMIT_WAIT = 2 s × (2^5 − 1) × 1.5 = 93 s at most.
      expect(times[5]).toBeLessThan(93_000);
    }
  });

  it('reports nextDeadline() at T, 3T, 7T, 15T and 31T after the first send, then nothing', () => {
    const l = layer();
    const exchange = l.track(message('CON', 7), 0);
    const T = exchange.timeout;
    const steps = [1, 3, 7, 15, 31];
    steps.forEach((k, i) => {
      const deadline = l.nextDeadline();
      expect(deadline).toBeCloseTo(k * T, 6);
      expect(exchange.transmissions).toBe(i + 1);
      expect(exchange.timeout).toBeCloseTo(2 ** i * T, 6);
      l.tick(deadline ?? Infinity);
    });
    expect(l.nextDeadline()).toBeUndefined();
  });

  it('does not retransmit a moment before the deadline', () => {
    const l = layer();
    const exchange = l.track(message('CON', 7), 1000);
    expect(l.tick(exchange.deadline - 0.001)).toEqual([]);
    expect(exchange.transmissions).toBe(1);
    expect(kinds(l.tick(exchange.deadline))).toEqual(['retransmit']);
    expect(exchange.transmissions).toBe(2);
  });

  it('sends a CON 1 + MAX_RETRANSMIT = 5 times in all, then gives up and stops tracking it', () => {
    const l = layer();
    const exchange = l.track(message('CON', 7), 0);
    const fired = runToEnd(l);
    expect(fired.filter((f) => f.kind === 'retransmit')).toHaveLength(RFC7252_PARAMS.maxRetransmit);
    expect(exchange.transmissions).toBe(5);
    expect(l.outstanding()).toEqual([]);
    expect(l.inFlight).toBe(0);
  });

  it('reports the give-up with the exchange, so the host knows which message failed', () => {
    const l = layer();
    const exchange = l.track(message('CON', 7), 0, 'observe:t/1');
    const last = l.tick(1e9).at(-1);
    expect(last).toEqual({ kind: 'give-up', exchange, at: exchange.deadline });
    expect(last?.exchange.tag).toBe('observe:t/1');
  });

  it('fires every retransmission and the give-up, in order, when tick() comes far in the future', () => {
    const l = layer();
    const T = l.track(message('CON', 7), 0).timeout;
    const events = l.tick(1e9);
    expect(kinds(events)).toEqual([
      'retransmit',
      'retransmit',
      'retransmit',
      'retransmit',
      'give-up',
    ]);
    [1, 3, 7, 15, 31].forEach((k, i) => expect(events[i].at).toBeCloseTo(k * T, 6));
    expect(l.nextDeadline()).toBeUndefined();
    expect(l.tick(2e9)).toEqual([]);
  });

  it('interleaves the deadlines of several CONs in time order when tick() comes late', () => {
    const l = layer();
    const a = l.track(message('CON', 1), 0);
    const b = l.track(message('CON', 2), 1000);
    const schedule = (start: number, T: number, id: number) =>
      [1, 3, 7, 15, 31].map((k) => ({ at: start + k * T, id }));
    const expected = [...schedule(0, a.timeout, 1), ...schedule(1000, b.timeout, 2)]
      .sort((x, y) => x.at - y.at)
      .map((e) => e.id);
    expect(l.tick(1e9).map((e) => e.exchange.messageId)).toEqual(expected);
  });

  it('tells which transmission each event is, and its timeout, even when one late tick reports several', () => {
    const l = layer();
    const T = l.track(message('CON', 7), 0).timeout;
    const events = l.tick(1e9);
    // Every event shares the live exchange (now at 5 transmissions); the snapshot fields do not.
    expect(events.every((e) => e.exchange.transmissions === 5)).toBe(true);
    const retransmits = events.flatMap((e) => (e.kind === 'retransmit' ? [e] : []));
    expect(retransmits.map((e) => e.transmission)).toEqual([2, 3, 4, 5]);
    retransmits.forEach((e, i) => expect(e.timeout).toBeCloseTo(2 ** (i + 1) * T, 6));
  });

  it('keeps to the original schedule when tick() is called late', () => {
    const l = layer();
    const exchange = l.track(message('CON', 7), 0);
    const T = exchange.timeout;
    l.tick(T + 500);
    // The next retransmission is still due at 3T, not 500 ms later.
    expect(l.nextDeadline()).toBeCloseTo(3 * T, 6);
  });

  it('retransmits whatever message the host last put on the exchange (the gateway re-stamps Observe)', () => {
    const l = layer();
    const exchange = l.track(message('CON', 7, CODES.CONTENT), 0);
    const restamped = { ...exchange.message, payload: Uint8Array.of(1) };
    exchange.message = restamped;
    const [event] = l.tick(exchange.deadline);
    expect(event.exchange.message).toBe(restamped);
  });
});

describe('transmission params', () => {
  it("uses the reference gateway's initial timeout of 2000 + rand(1..1000) ms when given it", () => {
    const lowest = layer({ random: new FixedRandom(0), params: REFERENCE_GATEWAY_PARAMS });
    const highest = layer({
      random: new FixedRandom(ALMOST_ONE),
      params: REFERENCE_GATEWAY_PARAMS,
    });
    expect(lowest.track(message('CON', 1), 0).timeout).toBe(2001);
    expect(highest.track(message('CON', 1), 0).timeout).toBe(3000);
    for (let seed = 1; seed <= 200; seed++) {
      const l = layer({ random: new SeededRandom(seed), params: REFERENCE_GATEWAY_PARAMS });
      const t = l.track(message('CON', 1), 0).timeout;
      expect(Number.isInteger(t)).toBe(true);
      expect(t).toBeGreaterThanOrEqual(2001);
      expect(t).toBeLessThanOrEqual(3000);
    }
  });

  it('doubles the reference gateway timeout like the RFC one: T, 3T, 7T, 15T, give-up at 31T', () => {
    const l = layer({ params: REFERENCE_GATEWAY_PARAMS });
    const T = l.track(message('CON', 1), 0).timeout;
    expect(runToEnd(l).map((f) => f.at)).toEqual([T, 3 * T, 7 * T, 15 * T, 31 * T]);
  });

  it('fires all remaining retransmissions back-to-back after the first 2–3 s with the legacy nextTimeout of 0 (EMQX 5.x)', () => {
    const l = layer({ params: LEGACY_GATEWAY_PARAMS });
    const exchange = l.track(message('CON', 1), 0);
    const T = exchange.timeout;
    expect(l.tick(T - 1)).toEqual([]);
    const events = l.tick(T);
    expect(kinds(events)).toEqual([
      'retransmit',
      'retransmit',
      'retransmit',
      'retransmit',
      'give-up',
    ]);
    expect(events.map((e) => e.at)).toEqual([T, T, T, T, T]);
    expect(events.map((e) => (e.kind === 'retransmit' ? e.transmission : 'end'))).toEqual([
      2,
      3,
      4,
      5,
      'end',
    ]);
    expect(exchange.transmissions).toBe(5);
    expect(l.nextDeadline()).toBeUndefined();
  });

  it('honours a smaller MAX_RETRANSMIT', () => {
    const l = layer({ params: { ...RFC7252_PARAMS, maxRetransmit: 2 } });
    l.track(message('CON', 1), 0);
    expect(kinds(l.tick(1e9))).toEqual(['retransmit', 'retransmit', 'give-up']);
  });

  it('gives up at the first timeout when MAX_RETRANSMIT is 0', () => {
    const l = layer({ params: { ...RFC7252_PARAMS, maxRetransmit: 0 } });
    const exchange = l.track(message('CON', 1), 0);
    const at = exchange.deadline;
    expect(l.tick(at)).toEqual([{ kind: 'give-up', exchange, at }]);
  });

  it('remembers Message IDs for the lifetimes it is given', () => {
    const l = layer({ params: { ...RFC7252_PARAMS, exchangeLifetime: 10, nonLifetime: 5 } });
    l.receive(message('CON', 1), 0);
    l.receive(message('NON', 2), 0);
    expect(l.receive(message('NON', 2), 4).kind).toBe('duplicate');
    expect(l.receive(message('NON', 2), 5).kind).toBe('new');
    expect(l.receive(message('CON', 1), 9).kind).toBe('duplicate');
    expect(l.receive(message('CON', 1), 10).kind).toBe('new');
  });
});

describe('matching ACKs and RSTs by Message ID', () => {
  it('completes a CON when an empty ACK with its Message ID arrives and reports the round trip', () => {
    const l = layer();
    const exchange = l.track(message('CON', 0x1234), 1000);
    const ack = emptyReply('ACK', 0x1234);
    const inbound = expectKind(l.receive(ack, 1234), 'ack');
    expect(inbound).toEqual({ kind: 'ack', message: ack, exchange, roundTrip: 234 });
    expect(l.outstanding()).toEqual([]);
    expect(l.nextDeadline()).toBeUndefined();
    expect(l.tick(1e9)).toEqual([]);
  });

  it('measures the round trip from the first transmission when the ACK answers a retransmission', () => {
    const l = layer();
    const exchange = l.track(message('CON', 5), 1000);
    l.tick(exchange.deadline);
    const inbound = expectKind(l.receive(emptyReply('ACK', 5), 1000 + 4000), 'ack');
    expect(inbound.roundTrip).toBe(4000);
    expect(inbound.exchange.transmissions).toBe(2);
  });

  it('accepts a piggy-backed response (an ACK carrying 2.05 Content) as the ACK of its CON request', () => {
    const l = layer();
    const exchange = l.track(message('CON', 5, CODES.GET), 0);
    const response = message('ACK', 5, CODES.CONTENT);
    const inbound = expectKind(l.receive(response, 80), 'ack');
    expect(inbound.message).toBe(response);
    expect(inbound.exchange).toBe(exchange);
    expect(l.inFlight).toBe(0);
  });

  it('ignores a second ACK for a CON already acknowledged', () => {
    const l = layer();
    l.track(message('CON', 5), 0);
    l.receive(emptyReply('ACK', 5), 10);
    expect(l.receive(emptyReply('ACK', 5), 20).kind).toBe('unmatched');
  });

  it('ends a CON when the peer rejects it with an RST, with no more retransmissions', () => {
    const l = layer();
    const exchange = l.track(message('CON', 5), 0);
    const rst = emptyReply('RST', 5);
    expect(l.receive(rst, 50)).toEqual({ kind: 'reset', message: rst, exchange });
    expect(l.tick(1e9)).toEqual([]);
  });

  it('matches an RST to a NON it sent, ending its record', () => {
    const l = layer();
    const exchange = l.track(message('NON', 9, CODES.CONTENT), 0);
    expect(expectKind(l.receive(emptyReply('RST', 9), 100_000), 'reset').exchange).toBe(exchange);
    expect(l.outstanding()).toEqual([]);
  });

  it('treats an ACK for a NON as unmatched and keeps the NON for a later RST', () => {
    const l = layer();
    l.track(message('NON', 9, CODES.CONTENT), 0);
    expect(l.receive(emptyReply('ACK', 9), 10).kind).toBe('unmatched');
    expect(l.outstanding()).toHaveLength(1);
    expect(l.receive(emptyReply('RST', 9), 20).kind).toBe('reset');
  });

  it('treats an ACK or RST with a Message ID it never sent as unmatched', () => {
    const l = layer();
    l.track(message('CON', 5), 0);
    expect(l.receive(emptyReply('ACK', 6), 10).kind).toBe('unmatched');
    expect(l.receive(emptyReply('RST', 6), 10).kind).toBe('unmatched');
    expect(l.receive(message('ACK', 6, CODES.CONTENT), 10).kind).toBe('unmatched');
    expect(l.inFlight).toBe(1);
  });

  it('treats an ACK that arrives after the give-up as unmatched', () => {
    const l = layer();
    l.track(message('CON', 5), 0);
    l.tick(1e9);
    expect(l.receive(emptyReply('ACK', 5), 1e9 + 1).kind).toBe('unmatched');
  });

  it('forgets a NON silently after NON_LIFETIME (145 s); a later RST is unmatched', () => {
    const l = layer();
    l.track(message('NON', 9, CODES.CONTENT), 0);
    expect(l.nextDeadline()).toBe(145_000);
    expect(l.tick(144_999)).toEqual([]);
    expect(l.outstanding()).toHaveLength(1);
    expect(l.tick(145_000)).toEqual([]);
    expect(l.outstanding()).toEqual([]);
    expect(l.receive(emptyReply('RST', 9), 145_001).kind).toBe('unmatched');
  });
});

describe('tracking outgoing messages', () => {
  it('stops retransmitting a cancelled CON and reports what it cancelled', () => {
    const l = layer();
    const exchange = l.track(message('CON', 5), 0);
    expect(l.cancel(5)).toBe(exchange);
    expect(l.tick(1e9)).toEqual([]);
    expect(l.receive(emptyReply('ACK', 5), 10).kind).toBe('unmatched');
    expect(l.cancel(5)).toBeUndefined();
  });

  it('counts in flight only the CONs awaiting an ACK', () => {
    const l = layer();
    l.track(message('CON', 1), 0);
    l.track(message('NON', 2, CODES.CONTENT), 0);
    l.track(message('CON', 3), 0);
    expect(l.inFlight).toBe(2);
    l.receive(emptyReply('ACK', 1), 10);
    expect(l.inFlight).toBe(1);
    expect(l.outstanding()).toHaveLength(2);
  });

  it('lists outstanding messages oldest first, with the caller’s tag', () => {
    const l = layer();
    l.track(message('CON', 10), 0, 'first');
    l.track(message('NON', 11, CODES.CONTENT), 5, 'second');
    expect(l.outstanding().map((e) => [e.messageId, e.tag, e.firstSentAt])).toEqual([
      [10, 'first', 0],
      [11, 'second', 5],
    ]);
  });

  it('gives the earliest deadline of all tracked messages, NON lapses included', () => {
    const l = layer();
    expect(l.nextDeadline()).toBeUndefined();
    l.track(message('NON', 1, CODES.CONTENT), 0);
    expect(l.nextDeadline()).toBe(145_000);
    const con = l.track(message('CON', 2), 10_000);
    expect(l.nextDeadline()).toBe(con.deadline);
    l.receive(emptyReply('ACK', 2), 10_050);
    expect(l.nextDeadline()).toBe(145_000);
  });

  it('refuses to track an ACK or an RST, naming the type', () => {
    const l = layer();
    expect(() => l.track(emptyReply('ACK', 1), 0)).toThrow(/not ACK/);
    expect(() => l.track(emptyReply('RST', 1), 0)).toThrow(/not RST/);
    expect(l.outstanding()).toEqual([]);
  });
});
