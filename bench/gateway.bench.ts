// Gateway throughput, whole path (decode → channel → handler → broker → encode): `npx vitest bench
// --run bench/gateway`. Setups are built once, outside the measured functions.
import { bench, describe } from 'vitest';
import type { CoapMessage } from '../src/coap';
import { encode, encodeString, parseUri } from '../src/coap';
import { Broker } from '../src/broker';
import { SeededRandom } from '../src/messaging';
import { Gateway } from '../src/gateway/gateway';
import type { Endpoint } from '../src/gateway/events';

const NOW = 1_000_000;

function request(
  method: number,
  uri: string,
  type: 'CON' | 'NON',
  messageId: number,
  token: string,
  extra: CoapMessage['options'] = [],
  payload = '',
): Uint8Array {
  const parsed = parseUri(`coap://127.0.0.1/${uri}`);
  if (!parsed.ok) throw new Error(parsed.error);
  return encode({
    type,
    code: method,
    messageId,
    token: encodeString(token),
    options: [...parsed.uri.options, ...extra],
    payload: encodeString(payload),
  });
}

/** Every Message ID once, so that a cycle through them never hits the dedup window (10,000 kept). */
const fresh = (build: (mid: number) => Uint8Array): Uint8Array[] =>
  Array.from({ length: 65_535 }, (_, i) => build(i + 1));

// (a) One publish fanned out to 10,000 connectionless observers of the same topic.
const OBSERVERS = 10_000;
const fanout = new Gateway({ broker: new Broker(), random: new SeededRandom(1) });
for (let i = 0; i < OBSERVERS; i++) {
  const peer: Endpoint = {
    address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    port: 5683,
  };
  const r = fanout.receive(
    request(1, 'ps/bench/t', 'CON', 1, `o${i}`, [{ number: 6, value: new Uint8Array(0) }]),
    peer,
    NOW,
  );
  if (r.datagrams[0]?.message.code !== 0x45) throw new Error('subscribe failed');
}
const publisher: Endpoint = { address: '192.168.0.1', port: 40_000 };
const publishes = fresh((mid) =>
  request(2, 'ps/bench/t', 'NON', mid, 'p', [], '{"temperature":21.5}'),
);
let p = 0;
{
  const check = fanout.receive(publishes[p++], publisher, NOW);
  if (check.datagrams.length !== OBSERVERS + 1)
    throw new Error(`fan-out sent ${check.datagrams.length} datagrams`);
}

// (c) Steady state: connection-mode CON publishes from one connected client, fresh Message IDs.
const steady = new Gateway({
  broker: new Broker(),
  random: new SeededRandom(2),
  config: { connection_required: true },
});
const device: Endpoint = { address: '192.168.0.2', port: 40_001 };
const connect = steady.receive(
  request(2, 'mqtt/connection?clientid=bench', 'CON', 1, 'c'),
  device,
  NOW,
);
const token = new TextDecoder().decode(connect.datagrams[0].message.payload);
const posts = fresh((mid) =>
  request(2, `ps/coap/test?c=bench&t=${token}`, 'CON', mid, 'q', [], 'twenty bytes payload'),
);
let q = 1;
{
  const check = steady.receive(posts[q++], device, NOW);
  if (check.datagrams[0]?.message.code !== 0x44) throw new Error('publish failed');
  // Steady state: past the first 10,000 Message IDs the channel's dedup memory is full and every
  // request also evicts the oldest one (MessageLayer maxRemembered).
  while (q < 20_000) steady.receive(posts[q++], device, NOW);
}

describe('gateway', () => {
  bench(
    `(a) one publish → ${OBSERVERS.toLocaleString('en-US')} CoAP observers, every notification encoded`,
    () => {
      fanout.receive(publishes[p], publisher, NOW);
      p = (p + 1) % publishes.length;
    },
    { time: 3000 },
  );

  bench(
    '(c) connection-mode POST ps/coap/test?c=..&t=.. (CON, fresh MID) → 2.04, one request',
    () => {
      steady.receive(posts[q], device, NOW);
      q = (q + 1) % posts.length;
    },
  );
});
