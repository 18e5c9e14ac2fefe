/// <reference lib="webworker" />
// The module Web Worker that owns the world (design.md "host"). The page talks to it only
// through Comlink (src/ui/bridge.ts).
import * as Comlink from 'comlink';
import { PlaygroundHost } from './host';
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

Comlink.expose(host);
