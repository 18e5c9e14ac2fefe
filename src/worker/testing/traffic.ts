/**
 * A varied session for tests, driven through the host as the page drives it: connectionless and
 * connection-mode requests, an observation with notifications, a Block1 upload, errors, a
 * malformed datagram, a lossy link, and real peers (IPv4 and IPv6) through the relay path.
 */
import { encodeString, encodeUint, OPT } from '../../coap';
import type { Intent } from '../api';
import type { PlaygroundHost } from '../host';

const text = (s: string) => encodeString(s);

/** Block1 option value (RFC 7959 §2.2): num, more, size 64 (SZX 2). */
const block1 = (num: number, more: boolean) => ({
  number: OPT.Block1,
  value: encodeUint((num << 4) | (more ? 8 : 0) | 2),
});

/** The simulated part, as intents with the real ms to wait before each. */
export function simulatedScript(): Array<[wait: number, intent: Intent]> {
  const token = Uint8Array.of(0xb1, 0x0c);
  const chunk = (i: number) => text(String(i).repeat(64));
  return [
    [0, { type: 'add-coap-client', name: 'dev' }],
    [0, { type: 'add-coap-client', name: 'obs' }],
    [0, { type: 'add-mqtt-client', clientId: 'sink' }],
    [5, { type: 'mqtt-subscribe', client: 'sink', filter: 'coap/#', options: { qos: 1 } }],
    [
      10,
      {
        type: 'send',
        client: 'dev',
        spec: { method: 'POST', confirmable: true, path: 'ps/coap/test', payload: text('21.5') },
      },
    ],
    [
      20,
      {
        type: 'send',
        client: 'dev',
        spec: { method: 'PUT', confirmable: false, path: 'ps/coap/test?qos=1', payload: text('x') },
      },
    ],
    [
      30,
      {
        type: 'send',
        client: 'obs',
        spec: { method: 'GET', confirmable: true, path: 'ps/coap/down', observe: 0 },
      },
    ],
    [
      40,
      {
        type: 'mqtt-publish',
        client: 'sink',
        topic: 'coap/down',
        payload: text('{"t":1}'),
        qos: 1,
        retain: false,
      },
    ],
    [
      50,
      {
        type: 'mqtt-publish',
        client: 'sink',
        topic: 'coap/down',
        payload: text('{"t":2}'),
        qos: 0,
        retain: false,
      },
    ],
    ...[0, 1, 2].map((i): [number, Intent] => [
      15,
      {
        type: 'send',
        client: 'dev',
        spec: {
          method: 'POST',
          confirmable: true,
          path: 'ps/coap/big',
          token,
          payload: chunk(i),
          options: [block1(i, i < 2)],
        },
      },
    ]),
    [
      20,
      {
        type: 'send',
        client: 'dev',
        spec: {
          method: 'POST',
          confirmable: true,
          path: 'mqtt/connection?clientid=c1&username=admin&password=public',
        },
      },
    ],
    [
      20,
      { type: 'send', client: 'dev', spec: { method: 'GET', confirmable: true, path: 'nope/x' } },
    ],
    [
      20,
      {
        type: 'send',
        client: 'dev',
        spec: { method: 'DELETE', confirmable: true, path: 'mqtt/connection' },
      },
    ],
    [10, { type: 'send-raw', client: 'dev', bytes: Uint8Array.of(0x42, 0x01, 0x00) }],
    [10, { type: 'set-link', client: 'obs', link: { loss: 0.3, delay: 40, duplicate: 0.2 } }],
    ...[3, 4, 5, 6, 7].map((i): [number, Intent] => [
      30,
      {
        type: 'mqtt-publish',
        client: 'sink',
        topic: 'coap/down',
        payload: text(`{"t":${i}}`),
        qos: 1,
        retain: false,
      },
    ]),
    [500, { type: 'clock-advance', ms: 5_000 }],
  ];
}

/** Runs the simulated script, real time advanced by `run` between intents. */
export async function runScript(
  host: PlaygroundHost,
  run: (ms: number) => void,
  script = simulatedScript(),
): Promise<void> {
  for (const [wait, intent] of script) {
    run(wait);
    const r = await host.dispatch(intent);
    if (!r.ok) throw new Error(`${intent.type}: ${JSON.stringify(r.error)}`);
  }
  run(100);
}

/** Real peers through the relay path: one IPv4 and one IPv6 libcoap-style client. */
export function realPeers(host: PlaygroundHost): void {
  host.attachRelay(() => {}, { address: '::1', port: 5683 }, 'ws://127.0.0.1/relay');
  const get = (mid: number, token: number, path: string[]) => {
    const opts = path.flatMap((seg, i) => {
      const b = text(seg);
      return [(i === 0 ? 0xb0 : 0x00) | b.length, ...b];
    });
    return Uint8Array.of(0x41, 0x01, mid >> 8, mid & 0xff, token, ...opts);
  };
  host.receiveExternal([
    { peer: { address: '127.0.0.1', port: 57732 }, bytes: get(0xa2fb, 7, ['ps', 'coap', 'test']) },
    { peer: { address: '2001:db8::7', port: 40001 }, bytes: get(0x0102, 9, ['nope']) },
  ]);
}
