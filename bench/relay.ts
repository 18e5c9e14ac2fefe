// `npm run bench:relay`: real UDP clients → relay → the gateway in a real page (Debian Chromium)
// → relay → UDP, beside the floor of this design measured in the same run: UDP → relay →
// WebSocket → a page that echoes each frame, with no gateway. Loopback only; bounded counts.
// `--dist=DIR` serves a build saved elsewhere (default `dist`, what `vite build` writes), so two
// builds can be measured one after the other.
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../scripts/chromium';
import { encode, encodeString, parseUri } from '../src/coap';
import { startRelay } from '../src/relay/server';

const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 2000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const PER_CLIENT = Number(process.env.BENCH_PER_CLIENT ?? 500);
const WINDOW = Number(process.env.BENCH_WINDOW ?? 8);
const WARMUP_PER_CLIENT = Math.ceil(PER_CLIENT / 5);
/** The build to serve. */
const DIST =
  process.argv
    .slice(2)
    .find((a) => a.startsWith('--dist='))
    ?.slice('--dist='.length) || 'dist';

if (!existsSync(join(DIST, 'index.html'))) {
  console.error(
    DIST === 'dist' ? 'build first: npx vite build' : `no build in ${DIST}: no index.html there`,
  );
  process.exit(2);
}

const relay = await startRelay({ port: 0, coapPort: 0, staticDir: DIST });
const browser = await launchChromium();
const page = await browser.newPage();

const uri = parseUri('coap://127.0.0.1/ps/bench');
if (!uri.ok) throw new Error(uri.error);
const request = (mid: number) =>
  encode({
    type: 'CON',
    code: 2,
    messageId: mid,
    token: Uint8Array.of(mid >> 8, mid & 0xff),
    options: uri.uri.options,
    payload: encodeString('twenty bytes payload'),
  });

async function socket(): Promise<Socket> {
  const s = createSocket('udp4');
  await new Promise<void>((ok) => s.bind(0, '127.0.0.1', () => ok()));
  return s;
}

/** Sequential round trips from one client: each waits for its answer (bounded by a 2 s timeout). */
async function sequential(count: number): Promise<number[]> {
  const s = await socket();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const mid = (i % 65535) + 1;
    const t0 = process.hrtime.bigint();
    const ok = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        s.off('message', on);
        resolve(false);
      }, 2000);
      const on = (msg: Buffer) => {
        if (((msg[2] << 8) | msg[3]) !== mid) return;
        clearTimeout(timer);
        s.off('message', on);
        resolve(true);
      };
      s.on('message', on);
      s.send(request(mid), relay.coap.port, relay.coap.address);
    });
    if (ok) times.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  s.close();
  return times;
}

/** CLIENTS concurrent clients, each keeping WINDOW requests outstanding, `perClient` each. */
async function concurrent(
  perClient = PER_CLIENT,
): Promise<{ rps: number; answered: number; sent: number }> {
  const sockets = await Promise.all(Array.from({ length: CLIENTS }, socket));
  const t0 = process.hrtime.bigint();
  let answered = 0;
  await Promise.all(
    sockets.map(
      (s) =>
        new Promise<void>((done) => {
          let next = 1;
          let got = 0;
          const seen = new Set<number>();
          const send = () => {
            if (next <= perClient) s.send(request(next++), relay.coap.port, relay.coap.address);
          };
          const finish = setTimeout(() => done(), 30_000);
          s.on('message', (msg) => {
            const mid = (msg[2] << 8) | msg[3];
            if (seen.has(mid)) return;
            seen.add(mid);
            got++;
            answered++;
            if (got === perClient) {
              clearTimeout(finish);
              done();
            } else send();
          });
          for (let i = 0; i < WINDOW; i++) send();
        }),
    ),
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  for (const s of sockets) s.close();
  return { rps: answered / seconds, answered, sent: CLIENTS * perClient };
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p99: q(0.99), n: s.length };
};

// 1. The floor: a bare document on the relay's origin (no app, no worker) whose script echoes
// every frame back as "to peers".
await page.goto(`${relay.url}/bench-floor.txt`);
await page.evaluate(() => {
  const ws = new WebSocket(`ws://${location.host}/relay`);
  ws.binaryType = 'arraybuffer';
  ws.onmessage = (e) => {
    if (typeof e.data === 'string') return;
    const frame = new Uint8Array(e.data as ArrayBuffer);
    frame[1] = 2; // FROM_PEERS → TO_PEERS, same datagrams back to the same peers
    ws.send(frame);
  };
  return new Promise((ok) => (ws.onopen = ok));
});
await new Promise((r) => setTimeout(r, 300));
await sequential(200); // warm-up
const floor = stats(await sequential(SEQUENTIAL));
// Concurrent traffic takes paths the sequential warm-up did not (batches of many datagrams, the
// page under a flood): a short round first, so both sides are measured warm, not compiling.
await concurrent(WARMUP_PER_CLIENT);
const floorRate = await concurrent();

// 2. The gateway in the page: reload normally; the worker attaches and takes the relay over.
await page.goto(`${relay.url}/`);
for (let i = 0; i < 100 && !(await page.evaluate(() => document.readyState === 'complete')); i++)
  await new Promise((r) => setTimeout(r, 50));
await new Promise((r) => setTimeout(r, 1500));
await sequential(200);
const gw = stats(await sequential(SEQUENTIAL));
await concurrent(WARMUP_PER_CLIENT);
const gwRate = await concurrent();

const f = (x: number) => `${(x / 1000).toFixed(3)} ms`;
console.log(
  `relay bench: ${SEQUENTIAL} sequential CON requests; ${CLIENTS} clients × ${PER_CLIENT} with ${WINDOW} outstanding each (after a warm-up round of ${CLIENTS} × ${WARMUP_PER_CLIENT})`,
);
console.log(
  `floor (UDP → relay → WS → page echo):      median ${f(floor.median)}  p99 ${f(floor.p99)}  ${floorRate.rps.toFixed(0)} req/s  answered ${floorRate.answered}/${floorRate.sent}`,
);
console.log(
  `gateway (UDP → relay → worker gateway):    median ${f(gw.median)}  p99 ${f(gw.p99)}  ${gwRate.rps.toFixed(0)} req/s  answered ${gwRate.answered}/${gwRate.sent}`,
);
console.log(
  `ratios vs floor: median ${(gw.median / floor.median).toFixed(2)}× (goal ≤ 1.3×), p99 ${(gw.p99 / floor.p99).toFixed(2)}× (goal ≤ 2×); throughput goal ≥ 10,000 req/s with no loss`,
);
console.log(`relay counters: ${JSON.stringify(relay.stats)}`);
await browser.close();
await relay.close();
