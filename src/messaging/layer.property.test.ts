import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MessageLayer, emptyReply } from './layer';
import type { TransmissionParams } from './params';
import { RFC7252_PARAMS } from './params';
import { SeededRandom } from './random';
import { LEGACY_GATEWAY_PARAMS, REFERENCE_GATEWAY_PARAMS, message } from './testing/helpers';

type Op =
  | { op: 'send' }
  | { op: 'ack'; pick: number }
  | { op: 'rst'; pick: number }
  | { op: 'advance'; ms: number };

const ops = fc.array(
  fc.oneof(
    { arbitrary: fc.constant<Op>({ op: 'send' }), weight: 3 },
    { arbitrary: fc.record({ op: fc.constant('ack' as const), pick: fc.nat() }), weight: 2 },
    { arbitrary: fc.record({ op: fc.constant('rst' as const), pick: fc.nat() }), weight: 1 },
    {
      arbitrary: fc.record({
        op: fc.constant('advance' as const),
        ms: fc.integer({ min: 0, max: 30_000 }),
      }),
      weight: 4,
    },
  ),
  { maxLength: 80 },
);

const params = fc.oneof(
  fc.constant(RFC7252_PARAMS),
  fc.constant(REFERENCE_GATEWAY_PARAMS),
  fc.constant(LEGACY_GATEWAY_PARAMS),
  fc
    .integer({ min: 0, max: 6 })
    .map((maxRetransmit): TransmissionParams => ({ ...RFC7252_PARAMS, maxRetransmit })),
);

/** What the test knows about one CON it sent. */
interface Model {
  transmissions: number;
  ends: string[];
}

describe('CON lifecycle (property)', () => {
  it('ends every tracked CON exactly once (ACK, RST or give-up), never acts on it afterwards, and sends it at most 1 + MAX_RETRANSMIT times', () => {
    fc.assert(
      fc.property(
        params,
        fc.integer({ min: 1, max: 65535 }),
        fc.nat(),
        ops,
        (p, firstMessageId, seed, script) => {
          const layer = new MessageLayer({
            random: new SeededRandom(seed),
            params: p,
            firstMessageId,
          });
          const sent: number[] = [];
          const model = new Map<number, Model>();
          let now = 0;

          let lastTick = -Infinity;
          const onTimeouts = (events: ReturnType<MessageLayer['tick']>) => {
            let previousAt = lastTick;
            for (const e of events) {
              // Each event fired in time order, at a deadline that passed since the last tick.
              expect(e.at).toBeGreaterThan(lastTick);
              expect(e.at).toBeLessThanOrEqual(now);
              expect(e.at).toBeGreaterThanOrEqual(previousAt);
              previousAt = e.at;
              const m = model.get(e.exchange.messageId);
              expect(m, 'an event for a CON that was never sent').toBeDefined();
              if (!m) continue;
              expect(m.ends, 'an event after the CON ended').toEqual([]);
              if (e.kind === 'retransmit') {
                m.transmissions++;
                expect(e.transmission).toBe(m.transmissions);
              } else {
                m.ends.push('give-up');
              }
              expect(m.transmissions).toBeLessThanOrEqual(1 + p.maxRetransmit);
            }
          };

          for (const step of script) {
            if (step.op === 'send') {
              const id = layer.nextMessageId();
              layer.track(message('CON', id), now);
              sent.push(id);
              model.set(id, { transmissions: 1, ends: [] });
            } else if (step.op === 'advance') {
              now += step.ms;
              onTimeouts(layer.tick(now));
              lastTick = now;
              const next = layer.nextDeadline();
              if (next !== undefined) expect(next).toBeGreaterThan(now);
            } else if (sent.length > 0) {
              const id = sent[step.pick % sent.length];
              const m = model.get(id);
              if (!m) throw new Error('unreachable');
              const inbound = layer.receive(emptyReply(step.op === 'ack' ? 'ACK' : 'RST', id), now);
              const expected = step.op === 'ack' ? 'ack' : 'reset';
              if (m.ends.length > 0) {
                expect(inbound.kind).toBe('unmatched');
              } else {
                expect(inbound.kind).toBe(expected);
                m.ends.push(expected);
              }
            }
            expect(layer.inFlight).toBe(
              [...model.values()].filter((m) => m.ends.length === 0).length,
            );
          }

          now = Number.MAX_SAFE_INTEGER;
          onTimeouts(layer.tick(now));
          for (const m of model.values()) expect(m.ends).toHaveLength(1);
          expect(layer.inFlight).toBe(0);
          expect(layer.nextDeadline()).toBeUndefined();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives up only after exactly 1 + MAX_RETRANSMIT transmissions when nothing answers', () => {
    fc.assert(
      fc.property(params, fc.nat(), fc.integer({ min: 1, max: 20 }), (p, seed, count) => {
        const layer = new MessageLayer({ random: new SeededRandom(seed), params: p });
        const exchanges = Array.from({ length: count }, (_, i) =>
          layer.track(message('CON', layer.nextMessageId()), i * 100),
        );
        const events = layer.tick(Number.MAX_SAFE_INTEGER);
        expect(events.filter((e) => e.kind === 'give-up')).toHaveLength(count);
        for (const e of exchanges) expect(e.transmissions).toBe(1 + p.maxRetransmit);
      }),
    );
  });
});
