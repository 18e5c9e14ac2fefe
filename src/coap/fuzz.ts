/**
 * A seeded fuzzer for the codec: random bytes and mutations of valid messages go through `decode`;
 * every accepted input is re-encoded and must come back byte for byte, and decoding that again
 * must give the same message. Pure and deterministic for a seed (no Math.random, no clock): the
 * script `scripts/fuzz.ts` times it, `fuzz.test.ts` runs a short round in CI.
 */
import { CORPUS } from './corpus';
import { decode } from './decode';
import { encode } from './encode';
import { EMPTY, type CoapMessage, type DecodeErrorReason, type DecodeResult } from './message';
import { bytesEqual, parseHex, toHex } from './values';

export const FUZZ_STRATEGIES = [
  'random',
  'random-header',
  'bit-flip',
  'byte-set',
  'insert',
  'delete',
  'truncate',
  'splice',
] as const;
export type FuzzStrategy = (typeof FUZZ_STRATEGIES)[number];

export interface FuzzOptions {
  iterations: number;
  /** Any integer; the same seed replays the same inputs. */
  seed: number;
  /** Valid messages to mutate; defaults to `CORPUS`. */
  corpus?: readonly Uint8Array[];
  /** How many failures to keep in the report (all are counted); defaults to 10. */
  maxFailures?: number;
  /** The codec under test; defaults to this module's. For testing the fuzzer itself. */
  codec?: { decode: (b: Uint8Array) => DecodeResult; encode: (m: CoapMessage) => Uint8Array };
}

export interface FuzzFailure {
  iteration: number;
  strategy: FuzzStrategy;
  check:
    | 'decode-threw'
    | 'bad-error'
    | 'encode-threw'
    | 'bytes-differ'
    | 'message-differs'
    | 'fuzzer-threw';
  /** The input, as hex. */
  input: string;
  detail: string;
}

export interface FuzzReport {
  seed: number;
  iterations: number;
  accepted: number;
  refused: number;
  reasons: Record<DecodeErrorReason, number>;
  strategies: Record<FuzzStrategy, number>;
  failureCount: number;
  failures: FuzzFailure[];
}

const REASONS: Record<DecodeErrorReason, true> = {
  'too-short': true,
  'unsupported-version': true,
  'token-length-reserved': true,
  'token-truncated': true,
  'empty-message-not-empty': true,
  'option-delta-reserved': true,
  'option-length-reserved': true,
  'option-delta-truncated': true,
  'option-length-truncated': true,
  'option-value-truncated': true,
  'option-number-too-large': true,
  'payload-marker-without-payload': true,
};

/** Field-by-field equality of two messages, option values and payload by content. */
export function messagesEqual(a: CoapMessage, b: CoapMessage): boolean {
  if (a.type !== b.type || a.code !== b.code || a.messageId !== b.messageId) return false;
  if (!bytesEqual(a.token, b.token) || !bytesEqual(a.payload, b.payload)) return false;
  if (a.options.length !== b.options.length) return false;
  for (let i = 0; i < a.options.length; i++) {
    const x = a.options[i];
    const y = b.options[i];
    if (x.number !== y.number || !bytesEqual(x.value, y.value)) return false;
  }
  return true;
}

/**
 * xorshift32 (Marsaglia 2003, shifts 13/17/5): a uint32 sequence from a seed. The seed is mixed
 * first so that small seeds (0, 1, 2) start far apart, and 0, a fixed point, is avoided.
 */
export function xorshift32(seed: number): () => number {
  let x = Math.imul((seed | 0) ^ 0x9e3779b9, 0x85ebca6b) >>> 0 || 0x6d2b79f5;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

const POOL_SIZE = 256;

export function fuzzCodec(options: FuzzOptions): FuzzReport {
  const { iterations, seed, maxFailures = 10 } = options;
  const codec = options.codec ?? { decode, encode };
  const next = xorshift32(seed);
  const below = (n: number) => (n <= 1 ? 0 : next() % n);
  const report: FuzzReport = {
    seed,
    iterations: 0,
    accepted: 0,
    refused: 0,
    reasons: Object.fromEntries(Object.keys(REASONS).map((r) => [r, 0])) as FuzzReport['reasons'],
    strategies: Object.fromEntries(FUZZ_STRATEGIES.map((s) => [s, 0])) as FuzzReport['strategies'],
    failureCount: 0,
    failures: [],
  };
  const corpus = options.corpus ?? defaultCorpus();
  // Accepted mutants join a small pool, so later mutations can reach deeper than the corpus.
  const pool: Uint8Array[] = corpus.length > 0 ? [...corpus] : [Uint8Array.of(0x40, 1, 0, 0)];
  const poolBase = pool.length;
  let poolNext = 0;

  const randomBytes = (n: number) => {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = next() & 0xff;
    return b;
  };
  const pick = () => pool[below(pool.length)];

  function mutate(strategy: FuzzStrategy, src: Uint8Array): Uint8Array {
    const b = src.slice();
    const at = below(b.length);
    switch (strategy) {
      case 'bit-flip':
        if (b.length > 0) b[at] ^= 1 << below(8);
        return b;
      case 'byte-set':
        if (b.length > 0) b[at] = interesting(next());
        return b;
      case 'insert': {
        const add = randomBytes(1 + below(4));
        return concat(b.subarray(0, at), add, b.subarray(at));
      }
      case 'delete':
        return concat(b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + below(4))));
      case 'truncate':
        return b.subarray(0, at);
      default: {
        const other = pick();
        return concat(b.subarray(0, at), other.subarray(below(other.length + 1)));
      }
    }
  }

  function generate(strategy: FuzzStrategy): Uint8Array {
    if (strategy === 'random') return randomBytes(below(48));
    if (strategy === 'random-header') {
      const b = randomBytes(4 + below(44));
      b[0] = 0x40 | (b[0] & 0x3f);
      return b;
    }
    const rounds = strategy === 'truncate' || strategy === 'splice' ? 1 : 1 + below(3);
    let b = pick();
    for (let k = 0; k < rounds; k++) b = mutate(strategy, b);
    return b;
  }

  function failed(
    i: number,
    s: FuzzStrategy,
    check: FuzzFailure['check'],
    input: Uint8Array,
    detail: string,
  ) {
    report.failureCount++;
    if (report.failures.length < maxFailures) {
      report.failures.push({ iteration: i, strategy: s, check, input: toHex(input), detail });
    }
  }

  function run(i: number, strategy: FuzzStrategy, input: Uint8Array): void {
    let r: DecodeResult;
    try {
      r = codec.decode(input);
    } catch (e) {
      return failed(i, strategy, 'decode-threw', input, describe(e));
    }
    if (!r.ok) {
      report.refused++;
      const { reason, offset } = r.error;
      if (REASONS[reason] !== true || !(offset >= 0 && offset <= input.length)) {
        failed(i, strategy, 'bad-error', input, `${reason} at ${offset}`);
      } else report.reasons[reason]++;
      return;
    }
    report.accepted++;
    let out: Uint8Array;
    try {
      out = codec.encode(r.message);
    } catch (e) {
      return failed(i, strategy, 'encode-threw', input, describe(e));
    }
    // Unconditional: every input decode accepts is already in shortest form (RFC 7252 §3.1's
    // delta/length forms cover disjoint ranges), so re-encoding must give the same bytes.
    if (!bytesEqual(out, input)) {
      return failed(i, strategy, 'bytes-differ', input, `re-encoded as ${toHex(out)}`);
    }
    let again: DecodeResult;
    try {
      again = codec.decode(out);
    } catch (e) {
      return failed(i, strategy, 'decode-threw', out, `on re-encoded bytes: ${describe(e)}`);
    }
    if (!again.ok || !messagesEqual(again.message, r.message)) {
      const what = again.ok ? 'a different message' : again.error.reason;
      return failed(i, strategy, 'message-differs', input, `decode(encode(m)) gave ${what}`);
    }
    if (strategy !== 'random' && strategy !== 'random-header') {
      pool[poolBase + (poolNext++ % POOL_SIZE)] = input.slice();
    }
  }

  for (let i = 0; i < iterations; i++) {
    const strategy = FUZZ_STRATEGIES[below(FUZZ_STRATEGIES.length)];
    report.strategies[strategy]++;
    report.iterations++;
    let input = EMPTY;
    try {
      input = generate(strategy);
      run(i, strategy, input);
    } catch (e) {
      // The checks catch the codec's exceptions; this is the fuzzer's own, reported all the same.
      failed(i, strategy, 'fuzzer-threw', input, describe(e));
    }
  }
  return report;
}

// Values that sit on the format's boundaries (nibbles 12–15, 0xFF, 13/14-form edges).
const INTERESTING = [
  0x00, 0x01, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x40, 0x7f, 0x80, 0xd0, 0xe0, 0xf0, 0xfe, 0xff,
];
const interesting = (r: number) =>
  (r & 1) === 0 ? INTERESTING[(r >>> 1) % INTERESTING.length] : (r >>> 8) & 0xff;

function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

let cachedCorpus: Uint8Array[] | undefined;
function defaultCorpus(): Uint8Array[] {
  cachedCorpus ??= CORPUS.flatMap((c) => {
    const r = parseHex(c.hex);
    return r.ok ? [r.bytes] : [];
  });
  return cachedCorpus;
}
