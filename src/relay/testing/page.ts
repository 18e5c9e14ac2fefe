// For relay tests: a Node-side page (the worker's host and its relay link, with the `ws` package
// standing in for the browser's WebSocket), cleanups run after each test, and a bounded wait.
import { afterEach } from 'vitest';
import WebSocket from 'ws';
import type { GatewayConfig } from '../../gateway';
import { PlaygroundHost } from '../../worker/host';
import { RelayLink } from '../../worker/relay-link';
import type { Relay } from '../server';

/** Run, newest first, after each test of the file that imports this module. */
export const closers: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

export async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A page attached to the relay `r` (it attaches by itself; wait for `host.relay.state`). */
export function page(
  r: Relay,
  config?: Partial<GatewayConfig>,
): { host: PlaygroundHost; link: RelayLink } {
  const host = new PlaygroundHost(
    {
      realNow: () => performance.now(),
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
    },
    { seed: 1, config },
  );
  const link = new RelayLink(
    host,
    `${r.url.replace('http', 'ws')}/relay`,
    WebSocket as unknown as typeof globalThis.WebSocket,
    { origin: r.url },
  );
  link.start();
  closers.push(() => link.stop());
  return { host, link };
}
