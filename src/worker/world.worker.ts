/// <reference lib="webworker" />
// The module Web Worker that owns the world (docs/architecture.md "host"). The page talks to it only
// through Comlink (src/ui/state/bridge.ts).
import * as Comlink from 'comlink';
import { PlaygroundHost, facade } from './host';
import { RelayLink } from './relay-link';
import type { HostOptions } from './host';

const params = new URL(self.location.href).searchParams;
const options: HostOptions = params.has('seed') ? { seed: Number(params.get('seed')) } : {};

const host = new PlaygroundHost(
  {
    // Absolute (epoch) ms, so the page can extrapolate the clock with its own timeOrigin.
    realNow: () => performance.timeOrigin + performance.now(),
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  },
  options,
);

const api = facade(host);
Comlink.expose({
  ...api,
  // Each batch's records move to the page: a transfer, not a copy.
  connect: (onBatch: Parameters<typeof api.connect>[0]) =>
    api.connect((batch) => onBatch(Comlink.transfer(batch, [batch.records.buffer]))),
});

// Attach to the relay on the page's origin (present when the page is served by `npm start` or
// `npm run dev`; elsewhere the link keeps retrying quietly with back-off).
const origin = new URL(self.location.href);
if (!params.has('norelay')) {
  new RelayLink(
    host,
    `${origin.protocol === 'https:' ? 'wss' : 'ws'}://${origin.host}/relay`,
  ).start();
}
