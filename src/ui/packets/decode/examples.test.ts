import { describe, expect, it } from 'vitest';
import {
  OPT,
  codeName,
  decode,
  encode,
  encodeString,
  encodeUint,
  parseHex,
  toHex,
  uriPath,
  uriQuery,
  type CoapMessage,
} from '../../../coap/index';
import { EXAMPLES } from './examples';

function bytesOf(id: (typeof EXAMPLES)[number]['id']): Uint8Array {
  const example = EXAMPLES.find((e) => e.id === id);
  if (!example) throw new Error(`no example ${id}`);
  const parsed = parseHex(example.hex);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.bytes;
}

describe('example packets', () => {
  it('libcoap connect is CON POST mqtt/connection?clientid=123 with token 01', () => {
    const expected: CoapMessage = {
      type: 'CON',
      code: 0x02,
      messageId: 0x1a36,
      token: Uint8Array.of(0x01),
      options: [
        { number: OPT.UriPath, value: encodeString('mqtt') },
        { number: OPT.UriPath, value: encodeString('connection') },
        { number: OPT.UriQuery, value: encodeString('clientid=123') },
      ],
      payload: new Uint8Array(0),
    };
    const bytes = bytesOf('libcoap-connect');
    expect(toHex(bytes)).toBe(toHex(encode(expected)));
    const r = decode(bytes);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.message.type).toBe('CON');
    expect(codeName(r.message.code)).toBe('0.02 POST');
    expect(toHex(r.message.token)).toBe('01');
    expect(uriPath(r.message.options)).toEqual(['mqtt', 'connection']);
    expect(uriQuery(r.message.options)).toEqual(['clientid=123']);
  });

  it('observe notification is CON 2.05 with only an Observe option, as the gateway sends it', () => {
    const expected: CoapMessage = {
      type: 'CON',
      code: 0x45,
      messageId: 0x7d35,
      token: encodeString('obstokeo'),
      options: [{ number: OPT.Observe, value: encodeUint(0x6c9d1e) }],
      payload: encodeString('{"temperature":21.5}'),
    };
    expect(toHex(bytesOf('observe-notification'))).toBe(toHex(encode(expected)));
  });

  it('the malformed one fails on its token length at byte 0', () => {
    const r = decode(bytesOf('malformed-tkl9'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ reason: 'token-length-reserved', offset: 0 });
  });
});
