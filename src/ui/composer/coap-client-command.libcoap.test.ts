import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encode, encodeString, toHex } from '../../coap';
import type { RequestSpec } from '../../coap';
import { toCoapClientCommand } from './coap-client-command';
import { buildRequest } from '../../coap';

/**
 * Runs the generated commands with the real coap-client (Debian's libcoap3-bin) against a UDP
 * socket and checks the datagram is byte for byte what the composer previews, apart from the
 * message ID (always coap-client's own) and, for a random token, the token.
 */
const BINARY = '/usr/bin/coap-client-notls';

async function firstDatagram(spec: RequestSpec): Promise<{ bytes: Uint8Array; command: string }> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  const r = toCoapClientCommand(spec, { host: '127.0.0.1', port });
  if (!r.ok) throw new Error(r.error);
  const received = new Promise<Uint8Array>((resolve) =>
    socket.once('message', (m) => resolve(new Uint8Array(m))),
  );
  // `exec` so that killing the child stops coap-client itself (an observe runs for 60 s).
  const child = spawn(
    '/bin/sh',
    ['-c', `exec ${r.command.replace(/^coap-client-notls/, BINARY)}`],
    {
      stdio: 'ignore',
    },
  );
  try {
    const bytes = await Promise.race([
      received,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`no datagram from: ${r.command}`)), 5000),
      ),
    ]);
    return { bytes, command: r.command };
  } finally {
    child.kill('SIGKILL');
    socket.close();
  }
}

/** What the simulated client would send, with the wire's message ID and (if random) token. */
function expected(spec: RequestSpec, wire: Uint8Array): string {
  const messageId = (wire[2] << 8) | wire[3];
  const token = spec.token ?? wire.subarray(4, 4 + (wire[0] & 0x0f));
  const m = buildRequest(spec, messageId, token);
  if (!m.ok) throw new Error(m.error);
  return toHex(encode(m.message), ' ');
}

const text = (s: string) => encodeString(s);

const SPECS: Array<[string, RequestSpec]> = [
  [
    'connect',
    {
      method: 'POST',
      confirmable: true,
      path: 'mqtt/connection?clientid=123&username=admin&password=public',
    },
  ],
  [
    'publish in connection mode',
    {
      method: 'POST',
      confirmable: true,
      path: 'ps/coap/test?clientid=123&token=3404490787',
      payload: text('Hi, this is libcoap'),
    },
  ],
  [
    'subscribe with the document’s token',
    { method: 'GET', confirmable: true, path: 'ps/coap/test', observe: 0, token: text('obstoken') },
  ],
  [
    'unsubscribe, NON',
    {
      method: 'GET',
      confirmable: false,
      path: 'ps/coap/test?c=123&t=1',
      observe: 1,
      token: text('ab'),
    },
  ],
  [
    'token 0x01 (an empty -T)',
    { method: 'PUT', confirmable: true, path: 'mqtt/connection', token: Uint8Array.of(1) },
  ],
  [
    'binary payload with % and a Content-Format',
    {
      method: 'POST',
      confirmable: true,
      path: 'ps/a/%23?retain=true&password=x%26y',
      contentFormat: 42,
      payload: Uint8Array.of(0x00, 0x25, 0xff, 0x0a, 0x41),
    },
  ],
  [
    'quotes and UTF-8',
    {
      method: 'POST',
      confirmable: true,
      path: 'ps//温度',
      payload: text(`it's 21.5 °C, 100% "sure"`),
      contentFormat: 0,
    },
  ],
  ['a random token', { method: 'DELETE', confirmable: true, path: 'mqtt/connection?c=1' }],
];

describe.skipIf(!existsSync(BINARY))('the command, run by the real coap-client', () => {
  for (const [name, spec] of SPECS) {
    it(`sends the composer’s bytes: ${name}`, async () => {
      const { bytes, command } = await firstDatagram(spec);
      expect(toHex(bytes, ' '), command).toBe(expected(spec, bytes));
    });
  }

  it('-s sends a 0-length Observe, as the composer does', async () => {
    const { bytes } = await firstDatagram({
      method: 'GET',
      confirmable: true,
      path: 'ps/x',
      observe: 0,
    });
    // After the 1-byte token: 0x60 = Observe (6), length 0; then Uri-Path.
    expect(bytes[5]).toBe(0x60);
  });
});
