// Codec speed beside coap-packet, measured side by side in one run (`npm run bench`).
// Goals (issue 2): decode+encode ≥ 10× coap-packet's parse+generate; decode ≥ 1.5× its parse.
import { Buffer } from 'node:buffer';
import { bench, describe } from 'vitest';
import { generate, parse } from 'coap-packet';
import { decode, encode, OPT, encodeUint, encodeString, type CoapMessage } from '../src/coap';

const publish: CoapMessage = {
  type: 'CON',
  code: 0x02,
  messageId: 0x1234,
  token: Uint8Array.of(0x01),
  options: [
    { number: OPT.UriPath, value: encodeString('ps') },
    { number: OPT.UriPath, value: encodeString('coap') },
    { number: OPT.UriPath, value: encodeString('test') },
    { number: OPT.UriQuery, value: encodeString('c=123') },
    { number: OPT.UriQuery, value: encodeString('t=3404490787') },
  ],
  payload: encodeString('twenty bytes payload'),
};
const notification: CoapMessage = {
  type: 'CON',
  code: 0x45,
  messageId: 0xbeef,
  token: encodeString('obstokeo'),
  options: [{ number: OPT.Observe, value: encodeUint(0x3a2b1c) }],
  payload: encodeString('{"temperature":21.5}'),
};

for (const [name, message] of [
  ['connection-mode publish POST /ps/coap/test?c=123&t=3404490787', publish],
  ['observe notification 2.05', notification],
] as const) {
  const bytes = encode(message);
  const buf = Buffer.from(bytes);
  describe(`decode: ${name}`, () => {
    bench('ours decode', () => {
      if (!decode(bytes).ok) throw new Error('decode failed');
    });
    bench('coap-packet parse', () => {
      parse(buf);
    });
  });
  describe(`encode: ${name}`, () => {
    const ours = decode(bytes);
    if (!ours.ok) throw new Error('bad vector');
    const theirs = parse(buf);
    bench('ours encode', () => {
      encode(ours.message);
    });
    bench('coap-packet generate', () => {
      generate(theirs);
    });
  });
  describe(`decode+encode: ${name}`, () => {
    bench('ours decode+encode', () => {
      const r = decode(bytes);
      if (r.ok) encode(r.message);
    });
    bench('coap-packet parse+generate', () => {
      generate(parse(buf));
    });
  });
}
