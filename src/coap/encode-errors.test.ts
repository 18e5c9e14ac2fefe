// encode throws only when the caller built the message wrongly, and says which field.
import { describe, expect, it } from 'vitest';
import { CODES, EMPTY, OPT, decode, encode, encodeString, type CoapOption } from './index';

const opt = (number: number, value: string | Uint8Array): CoapOption => ({
  number,
  value: typeof value === 'string' ? encodeString(value) : value,
});
const path = (s: string) => opt(OPT.UriPath, s);
const hex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16));

describe('encode refuses a message the caller built wrongly', () => {
  const ok = {
    type: 'CON' as const,
    code: CODES.GET,
    messageId: 1,
    token: EMPTY,
    options: [],
    payload: EMPTY,
  };
  it.each([
    ['a 9-byte token', { ...ok, token: new Uint8Array(9) }, /token is 9 bytes/],
    ['code 256', { ...ok, code: 256 }, /code 256 is not a byte/],
    ['code 1.5', { ...ok, code: 1.5 }, /code 1.5/],
    ['message id 65536', { ...ok, messageId: 65536 }, /messageId 65536/],
    ['message id -1', { ...ok, messageId: -1 }, /messageId -1/],
    ['type "toString"', { ...ok, type: 'toString' as 'CON' }, /type 'toString'/],
    ['type undefined', { ...ok, type: undefined as unknown as 'CON' }, /type 'undefined'/],
    ['option number 65536', { ...ok, options: [opt(65536, EMPTY)] }, /number 65536/],
    ['option number -1', { ...ok, options: [opt(-1, EMPTY)] }, /number -1/],
    ['option number 1.5', { ...ok, options: [opt(1.5, EMPTY)] }, /number 1.5/],
    ['a 65805-byte option value', { ...ok, options: [opt(11, new Uint8Array(65805))] }, /65805/],
    ['an Empty message with a token', { ...ok, code: 0, token: hex('01') }, /0\.00 \(Empty\)/],
    ['an Empty message with a payload', { ...ok, code: 0, payload: hex('01') }, /0\.00/],
    ['an Empty message with an option', { ...ok, code: 0, options: [path('x')] }, /0\.00/],
  ])('%s', (_, m, message) => {
    expect(() => encode(m)).toThrow(message);
  });

  it('accepts the largest option value (65804 bytes) and option number (65535)', () => {
    const big = { ...ok, options: [opt(11, new Uint8Array(65804)), opt(65535, EMPTY)] };
    const bytes = encode(big);
    expect(bytes.length).toBe(4 + 3 + 65804 + 3);
    expect(decode(bytes)).toEqual({ ok: true, message: big });
  });
});
