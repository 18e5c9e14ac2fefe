/**
 * Where randomness comes from (tokens, message ids, retransmission jitter): crypto-strong by
 * default, seeded in tests and reproducible scenarios (docs/architecture.md "Rules of the core").
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** `n` random bytes. */
  bytes(n: number): Uint8Array;
}

abstract class BaseRandom implements Random {
  abstract next(): number;
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.int(0, 255);
    return out;
  }
}

/** Deterministic: the same seed gives the same sequence (mulberry32). */
export class SeededRandom extends BaseRandom {
  private state: number;
  constructor(seed: number) {
    super();
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/** Web Crypto's `getRandomValues` (in browsers, workers and Node ≥ 19), drawn in blocks. */
export class CryptoRandom extends BaseRandom {
  private readonly pool = new Uint32Array(256);
  private index = 256;
  next(): number {
    if (this.index === this.pool.length) {
      globalThis.crypto.getRandomValues(this.pool);
      this.index = 0;
    }
    return this.pool[this.index++] / 4294967296;
  }
  override bytes(n: number): Uint8Array {
    return globalThis.crypto.getRandomValues(new Uint8Array(n));
  }
}
