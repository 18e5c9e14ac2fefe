// A short fuzzing round so CI runs it; `npm run fuzz` runs a million iterations.
import { describe, expect, it } from 'vitest';
import { decode } from './decode';
import { encode } from './encode';
import { FUZZ_STRATEGIES, fuzzCodec, messagesEqual, xorshift32 } from './fuzz';
import type { CoapMessage } from './message';

describe('fuzzCodec', () => {
  const report = fuzzCodec({ iterations: 20_000, seed: 1 });

  it('finds no failure in 20,000 random and mutated inputs', () => {
    expect(report.failures).toEqual([]);
    expect(report.failureCount).toBe(0);
    expect(report.iterations).toBe(20_000);
    expect(report.accepted + report.refused).toBe(20_000);
  });

  it('reaches both outcomes and every decode error reason', () => {
    expect(report.accepted).toBeGreaterThan(2_000);
    expect(report.refused).toBeGreaterThan(2_000);
    for (const [reason, count] of Object.entries(report.reasons)) {
      expect(count, reason).toBeGreaterThan(0);
    }
    for (const s of FUZZ_STRATEGIES) expect(report.strategies[s], s).toBeGreaterThan(0);
  });

  it('replays the same inputs for the same seed, and others for another seed', () => {
    const a = fuzzCodec({ iterations: 2_000, seed: 42 });
    const b = fuzzCodec({ iterations: 2_000, seed: 42 });
    const c = fuzzCodec({ iterations: 2_000, seed: 43 });
    expect(b).toEqual(a);
    expect(c.reasons).not.toEqual(a.reasons);
  });

  it('reports, and does not throw, when the codec under test throws or is wrong', () => {
    const throwing = fuzzCodec({
      iterations: 500,
      seed: 7,
      maxFailures: 3,
      codec: {
        decode,
        encode: (m: CoapMessage) => {
          if (m.options.length > 0) throw new Error('boom');
          return encode(m);
        },
      },
    });
    expect(throwing.failureCount).toBeGreaterThan(3);
    expect(throwing.failures).toHaveLength(3);
    expect(throwing.failures[0]).toMatchObject({ check: 'encode-threw', detail: 'Error: boom' });

    const lossy = fuzzCodec({
      iterations: 500,
      seed: 7,
      codec: { decode, encode: (m) => encode({ ...m, payload: new Uint8Array(0) }) },
    });
    expect(lossy.failures.map((f) => f.check)).toContain('bytes-differ');

    const crashing = fuzzCodec({
      iterations: 50,
      seed: 7,
      codec: {
        decode: () => {
          throw new TypeError('bad');
        },
        encode,
      },
    });
    expect(crashing.failureCount).toBe(50);
    expect(crashing.failures[0]).toMatchObject({ check: 'decode-threw', detail: 'TypeError: bad' });
  });

  it('reports an error with an offset outside the input', () => {
    const r = fuzzCodec({
      iterations: 20,
      seed: 3,
      codec: {
        decode: (b) => ({
          ok: false,
          error: { reason: 'too-short', offset: b.length + 1, rfc: '7252 §3', message: '' },
        }),
        encode,
      },
    });
    expect(r.failures[0]?.check).toBe('bad-error');
  });
});

describe('xorshift32', () => {
  it('is deterministic per seed and spreads small seeds apart', () => {
    const a = xorshift32(0);
    const b = xorshift32(0);
    const c = xorshift32(1);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(c()).not.toBe(first[0]);
    expect(first.every((x) => Number.isInteger(x) && x >= 0 && x <= 0xffffffff)).toBe(true);
  });
});

describe('messagesEqual', () => {
  const m: CoapMessage = {
    type: 'CON',
    code: 1,
    messageId: 1,
    token: Uint8Array.of(1),
    options: [{ number: 11, value: Uint8Array.of(0x61) }],
    payload: Uint8Array.of(2),
  };
  it('compares every field by content', () => {
    expect(messagesEqual(m, structuredClone(m))).toBe(true);
    expect(messagesEqual(m, { ...m, type: 'NON' })).toBe(false);
    expect(messagesEqual(m, { ...m, token: Uint8Array.of(2) })).toBe(false);
    expect(messagesEqual(m, { ...m, payload: new Uint8Array(0) })).toBe(false);
    expect(messagesEqual(m, { ...m, options: [] })).toBe(false);
    expect(messagesEqual(m, { ...m, options: [{ number: 12, value: Uint8Array.of(0x61) }] })).toBe(
      false,
    );
  });
});
