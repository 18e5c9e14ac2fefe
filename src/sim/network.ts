import type { Endpoint } from '../gateway';
import type { Random } from '../messaging';

/** Conditions of one client's link to the gateway, both directions. */
export interface LinkConditions {
  /** Probability a datagram is lost, 0..1. */
  loss: number;
  /** One-way delay in ms. */
  delay: number;
  /** Probability a datagram arrives twice, 0..1. */
  duplicate: number;
}

export const PERFECT_LINK: LinkConditions = { loss: 0, delay: 0, duplicate: 0 };

export interface InFlight {
  at: number;
  order: number;
  from: Endpoint;
  to: Endpoint;
  bytes: Uint8Array;
  /** The journal entry of its sending: what its arrival answers to. */
  seq: number;
}

/** The fate the network drew for one datagram. */
export interface Sent {
  fate: 'delivered' | 'lost' | 'duplicated';
  arrivesAt: number | undefined;
}

/**
 * The virtual network between simulated clients and the gateway: per-link loss, delay and
 * duplication drawn from the injected random source, deliveries in time order (ties in send
 * order), sans-IO.
 */
export class VirtualNetwork {
  private readonly heap: InFlight[] = [];
  private order = 0;

  constructor(private readonly random: Random) {}

  send(
    from: Endpoint,
    to: Endpoint,
    bytes: Uint8Array,
    now: number,
    link: LinkConditions,
    seq = 0,
  ): Sent {
    if (link.loss > 0 && this.random.next() < link.loss)
      return { fate: 'lost', arrivesAt: undefined };
    const at = now + link.delay;
    this.push({ at, order: this.order++, from, to, bytes, seq });
    if (link.duplicate > 0 && this.random.next() < link.duplicate) {
      this.push({ at: at + 1, order: this.order++, from, to, bytes, seq });
      return { fate: 'duplicated', arrivesAt: at };
    }
    return { fate: 'delivered', arrivesAt: at };
  }

  nextDelivery(): number | undefined {
    return this.heap[0]?.at;
  }

  /** Removes and returns the earliest datagram due at or before `now`. */
  pop(now: number): InFlight | undefined {
    const top = this.heap[0];
    if (!top || top.at > now) return undefined;
    const last = this.heap.pop() as InFlight;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
    return top;
  }

  get inFlight(): number {
    return this.heap.length;
  }

  clear(): void {
    this.heap.length = 0;
  }

  private before(a: InFlight, b: InFlight): boolean {
    return a.at < b.at || (a.at === b.at && a.order < b.order);
  }

  private push(x: InFlight): void {
    const h = this.heap;
    h.push(x);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.before(h[l], h[m])) m = l;
      if (r < h.length && this.before(h[r], h[m])) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }
}
