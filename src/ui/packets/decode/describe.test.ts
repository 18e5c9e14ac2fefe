import { describe as group, expect, it } from 'vitest';
import {
  OPT,
  decode,
  encodeBlock,
  encodeString,
  encodeUint,
  parseHex,
  type CoapOption,
} from '../../../coap/index';
import { describe, formatOptionValue, printableAscii, utf8 } from './describe';
import { EXAMPLES } from './examples';

const opt = (number: number, value: Uint8Array): CoapOption => ({ number, value });

group('formatOptionValue', () => {
  it('reads Observe 0 and 1 in a request as register and deregister (RFC 7641 §2)', () => {
    expect(formatOptionValue(opt(OPT.Observe, new Uint8Array(0)), true)).toEqual({
      value: '0',
      note: 'register',
    });
    expect(formatOptionValue(opt(OPT.Observe, Uint8Array.of(0)), true).note).toBe('register');
    expect(formatOptionValue(opt(OPT.Observe, Uint8Array.of(1)), true).note).toBe('deregister');
  });

  it('reads Observe in a response as a sequence number', () => {
    expect(formatOptionValue(opt(OPT.Observe, encodeUint(0x6c9d1e)), false)).toEqual({
      value: '7118110',
      note: 'sequence number',
    });
  });

  it('reads Block2 as num/more/size (RFC 7959 §2.2)', () => {
    const value = encodeBlock({ num: 3, more: true, szx: 2 });
    expect(formatOptionValue(opt(OPT.Block2, value), false)).toEqual({
      value: '3/1/64',
      note: 'block 3, more follow, 64-byte blocks',
    });
  });

  it('names the Content-Format', () => {
    expect(formatOptionValue(opt(OPT.ContentFormat, encodeUint(50)), false)).toEqual({
      value: '50',
      note: 'application/json',
    });
    expect(formatOptionValue(opt(OPT.ContentFormat, new Uint8Array(0)), false).note).toBe(
      'text/plain; charset=utf-8',
    );
  });

  it('shows strings as text, opaque values as hex and unknown printable values with ASCII', () => {
    expect(formatOptionValue(opt(OPT.UriPath, encodeString('mqtt')), true)).toEqual({
      value: 'mqtt',
    });
    expect(formatOptionValue(opt(OPT.ETag, Uint8Array.of(0xde, 0xad)), false)).toEqual({
      value: '0xdead',
      note: undefined,
    });
    expect(formatOptionValue(opt(2048, encodeString('hi')), true)).toEqual({
      value: '0x6869',
      note: '"hi"',
    });
  });
});

group('describe', () => {
  it('summarises the libcoap connect request', () => {
    const parsed = parseHex(EXAMPLES[0].hex);
    if (!parsed.ok) throw new Error(parsed.error);
    const r = decode(parsed.bytes);
    if (!r.ok) throw new Error(r.error.message);
    const view = describe(r.message);
    expect(view.header.map((h) => [h.name, h.value, h.note])).toEqual([
      ['Version', '1', undefined],
      ['Type', 'CON', 'Confirmable (0)'],
      ['Token length', '1', undefined],
      ['Code', '0.02 POST', 'request'],
      ['Message ID', '6710', '0x1a36'],
    ]);
    expect(view.token).toMatchObject({ value: '0x01', note: undefined });
    expect(view.options.map((o) => [o.number, o.name, o.value, o.critical, o.unsafe])).toEqual([
      [11, 'Uri-Path', 'mqtt', true, true],
      [11, 'Uri-Path', 'connection', true, true],
      [15, 'Uri-Query', 'clientid=123', true, true],
    ]);
    expect(view.payload).toBeUndefined();
    expect(view.uri).toEqual({
      text: 'coap://127.0.0.1/mqtt/connection?clientid=123',
      assumedDestination: true,
    });
  });

  it('flags an option whose length the registry does not allow', () => {
    const r = decode(Uint8Array.of(0x50, 0x01, 0, 1, 0x65, 1, 2, 3, 4, 5)); // Observe, 5 bytes
    if (!r.ok) throw new Error(r.error.message);
    expect(describe(r.message).options[0].warning).toBe('5 bytes; RFC 7641 §2 allows 0–3');
  });
});

group('text helpers', () => {
  it('keeps invalid UTF-8 apart from text', () => {
    expect(utf8(encodeString('héllo'))).toBe('héllo');
    expect(utf8(Uint8Array.of(0xc3))).toBeUndefined();
  });
  it('shows ASCII only when every byte is printable', () => {
    expect(printableAscii(encodeString('obstokeo'))).toBe('obstokeo');
    expect(printableAscii(Uint8Array.of(0x01))).toBeUndefined();
  });
});
