// A real CoAP device on loopback UDP for the request API's tests, as emqx_coap_api_SUITE's are: it
// connects as client1 through the relay, then answers the gateway's requests as its mode says
// (echo, silent, Block2 from a body in blocks of 16, or a broken Block2 follow-up). Every wait is
// bounded; close() frees the socket.
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import type { CoapMessage } from '../../src/coap';
import {
  OPT,
  decode,
  decodeBlock,
  encode,
  encodeBlock,
  encodeString,
  getOption,
} from '../../src/coap';

export type DeviceMode =
  | { kind: 'echo' }
  | { kind: 'silent' }
  | { kind: 'block2'; body: Uint8Array }
  /** Block 0 of 16 with more, then for the follow-up: nothing, no Block2, or the wrong block. */
  | { kind: 'broken-followup'; then: 'nothing' | 'no-block2' | 'wrong-block' };

export interface Device {
  /** Requests from the gateway, as decoded. */
  requests: CoapMessage[];
  close(): void;
}

const CONNECT = 'coap://127.0.0.1/mqtt/connection?clientid=client1&username=admin&password=public';

export async function startDevice(coapPort: number, mode: DeviceMode): Promise<Device> {
  const sock: Socket = createSocket('udp4');
  await new Promise<void>((ok) => sock.bind(0, '127.0.0.1', ok));
  const requests: CoapMessage[] = [];
  const reply = (
    req: CoapMessage,
    code: number,
    payload: Uint8Array,
    options: CoapMessage['options'] = [],
  ) =>
    sock.send(
      encode({ type: 'ACK', code, messageId: req.messageId, token: req.token, options, payload }),
      coapPort,
      '127.0.0.1',
    );
  const block = (num: number, more: boolean) => [
    { number: OPT.Block2, value: encodeBlock({ num, more, szx: 0 }) },
  ];
  let connected: () => void = () => {};
  const isConnected = new Promise<void>((ok) => (connected = ok));
  sock.on('message', (bytes) => {
    const d = decode(bytes);
    if (!d.ok) return;
    const m = d.message;
    if (m.type === 'ACK' && m.code === 0x41) return connected();
    if (m.code < 1 || m.code > 4) return;
    requests.push(m);
    const b = getOption(m, OPT.Block2);
    const num = b ? decodeBlock(b.value).num : 0;
    switch (mode.kind) {
      case 'echo':
        return reply(m, 0x45, m.payload);
      case 'silent':
        return;
      case 'block2': {
        const start = num * 16;
        const more = start + 16 < mode.body.length;
        return reply(m, 0x45, mode.body.subarray(start, start + 16), block(num, more));
      }
      case 'broken-followup':
        if (num === 0 && !b) return reply(m, 0x45, encodeString('part1'), block(0, true));
        if (mode.then === 'nothing') return;
        return reply(
          m,
          0x45,
          encodeString('part2'),
          mode.then === 'no-block2' ? [] : block(2, false),
        );
    }
  });
  // CON POST mqtt/connection?clientid=client1&username=admin&password=public
  const [, query] = CONNECT.split('?');
  const connect = encode({
    type: 'CON',
    code: 2,
    messageId: 1,
    token: Uint8Array.of(1),
    options: [
      { number: OPT.UriPath, value: encodeString('mqtt') },
      { number: OPT.UriPath, value: encodeString('connection') },
      ...query.split('&').map((q) => ({ number: OPT.UriQuery, value: encodeString(q) })),
    ],
    payload: new Uint8Array(0),
  });
  for (let i = 0; i < 10; i++) {
    sock.send(connect, coapPort, '127.0.0.1');
    const ok = await Promise.race([
      isConnected.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), 1000)),
    ]);
    if (ok) return { requests, close: () => sock.close() };
  }
  sock.close();
  throw new Error('the device could not connect through the relay');
}
