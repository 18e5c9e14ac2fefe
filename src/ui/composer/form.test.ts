import { describe, expect, it } from 'vitest';
import { toHex } from '../../coap';
import { DEFAULT_FORM, compile, convertNotation, payloadBytes } from './form';
import type { ComposerForm } from './form';
import { buildQuery, encodePath, splitPasted } from './params';
import { previewRequest } from './preview';
import { buildRequest } from '../../coap';
import { encode } from '../../coap';

const form = (patch: Partial<ComposerForm>): ComposerForm => ({ ...DEFAULT_FORM, ...patch });
const row = (key: string, value: string, id = 1) => ({ id, key, value });

describe('the query builder', () => {
  it('writes long names, or short ones when asked', () => {
    const rows = [row('clientid', '123', 1), row('token', '9', 2), row('expiry', '60', 3)];
    expect(buildQuery(rows, false)).toBe('clientid=123&token=9&expiry=60');
    // expiry, nl and rh have no short name (gateway-behaviour §1.7).
    expect(buildQuery(rows, true)).toBe('c=123&t=9&expiry=60');
  });

  it('percent-encodes & % # and spaces in values so each arrives byte for byte', () => {
    expect(buildQuery([row('password', 'a&b %#')], false)).toBe('password=a%26b%20%25%23');
  });

  it('keeps free parameters as typed', () => {
    expect(buildQuery([row('foo', 'bar'), row('', 'ignored')], true)).toBe('foo=bar');
  });
});

describe('paths', () => {
  it('keeps %XX escapes and encodes #, spaces and non-ASCII', () => {
    expect(encodePath('ps/a/%23')).toBe('ps/a/%23');
    expect(encodePath('/ps/a/#')).toBe('ps/a/%23');
    expect(encodePath('ps/a b/温')).toBe('ps/a%20b/%E6%B8%A9');
    expect(encodePath('ps/100%')).toBe('ps/100%25');
    expect(encodePath('ps//abc')).toBe('ps//abc');
  });

  it('splits a pasted URI into a path and known parameters', () => {
    expect(splitPasted('coap://127.0.0.1/ps/coap/test?c=123&token=3%204&x')).toEqual({
      path: 'ps/coap/test',
      entries: [
        { key: 'clientid', value: '123' },
        { key: 'token', value: '3 4' },
        { key: 'x', value: '' },
      ],
      usedShortNames: true,
    });
    expect(splitPasted('/mqtt/connection').path).toBe('mqtt/connection');
  });
});

describe('compile', () => {
  it('names the MQTT topic of a ps/ path', () => {
    expect(compile(form({ path: 'ps/coap/test' })).topic).toBe('coap/test');
    expect(compile(form({ path: 'ps/a/%23' })).topic).toBe('a/#');
    expect(compile(form({ path: 'mqtt/connection' })).topic).toBeUndefined();
  });

  it('summarises the request in one line', () => {
    expect(
      compile(
        form({
          method: 'GET',
          confirmable: false,
          observe: '0',
          tokenMode: 'text',
          token: 'obstoken',
          payload: '',
          params: [row('c', '1')],
        }),
      ).summary,
    ).toBe('NON GET /ps/coap/test?c=1 · Observe=0 · token 0x6f6273746f6b656e · no payload');
    expect(compile(DEFAULT_FORM).summary).toBe(
      'CON POST /ps/coap/test · token random · 19-byte payload',
    );
  });

  it('refuses invalid JSON with the parser’s reason', () => {
    const c = compile(form({ payloadMode: 'json', payload: '{"a":' }));
    expect(c.spec).toBeUndefined();
    expect(c.errors[0]).toMatch(/^Payload is not valid JSON: /);
    expect(compile(form({ payloadMode: 'json', payload: ' {"a": [1, 2]} ' })).errors).toEqual([]);
  });

  it('refuses invalid hex, and takes hex however it is pasted', () => {
    expect(compile(form({ payloadMode: 'hex', payload: '0g' })).errors).toEqual([
      "Payload is not valid hex: not a hex digit: 'g'",
    ]);
    expect(compile(form({ payloadMode: 'hex', payload: 'abc' })).errors).toEqual([
      'Payload is not valid hex: odd number of hex digits',
    ]);
    const ok = payloadBytes('hex', '0xDE ad:be-EF');
    expect(ok.ok && toHex(ok.bytes)).toBe('deadbeef');
  });

  it('checks the CoAP token: at most 8 bytes, valid hex, not blank', () => {
    expect(compile(form({ tokenMode: 'text', token: 'obstoken1' })).errors[0]).toContain(
      'at most 8 bytes',
    );
    expect(compile(form({ tokenMode: 'hex', token: 'zz' })).errors[0]).toContain('not a hex digit');
    expect(compile(form({ tokenMode: 'text', token: '' })).errors[0]).toContain('type some text');
    expect(compile(form({ tokenMode: 'empty' })).spec?.token).toEqual(new Uint8Array(0));
    expect(compile(form({ tokenMode: 'random' })).spec?.token).toBeUndefined();
  });

  it('warns about values the gateway treats specially, but still sends them', () => {
    const c = compile(
      form({
        params: [
          row('qos', 'abc', 1),
          row('retain', '1', 2),
          row('password', 'YQ==', 3),
          row('clientid', 'a', 4),
          row('c', 'b', 5),
          row('rh', '3', 6),
        ],
      }),
    );
    expect(c.spec).toBeDefined();
    expect(c.warnings).toEqual([
      "qos=abc is not an integer: the reference gateway's channel crashes on it and no reply comes (gateway-behaviour §1.7)",
      'retain=1: only the exact string true sets retain; this means false',
      "password: the gateway drops a query entry with more than one '=' (gateway-behaviour §1.7), so it never sees this one",
      'rh: MQTT allows 0, 1 or 2',
      'clientid is given as clientid and c: the short name wins (gateway-behaviour §1.7)',
    ]);
  });

  it('warns that Observe=0 needs a token', () => {
    expect(
      compile(form({ method: 'GET', observe: '0', tokenMode: 'empty' })).warnings[0],
    ).toContain('observe without token');
  });

  it('refuses a value with no parameter name', () => {
    expect(compile(form({ params: [row('', 'x')] })).errors).toEqual([
      'Query: a parameter has a value but no name',
    ]);
  });
});

describe('the byte preview', () => {
  it('is the libcoap connect from the document, byte for byte, once MID and token are known', () => {
    const spec = compile(
      form({
        path: 'mqtt/connection',
        params: [row('clientid', '123')],
        payload: '',
        tokenMode: 'hex',
        token: '01',
      }),
    ).spec!;
    const m = buildRequest(spec, 0x1a36, Uint8Array.of(1));
    expect(m.ok && toHex(encode(m.message), ' ')).toBe(
      '41 02 1a 36 01 b4 6d 71 74 74 0a 63 6f 6e 6e 65 63 74 69 6f 6e 4c 63 6c 69 65 6e 74 69 64 3d 31 32 33',
    );
  });

  it('marks the message ID and a random token as assigned on send', () => {
    const r = previewRequest({
      method: 'POST',
      confirmable: true,
      path: 'ps/a',
      payload: Uint8Array.of(7),
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { bytes, spans } = r.preview;
    expect(bytes.length).toBe(4 + 4 + 3 + 2 + 2);
    expect(bytes[0]).toBe(0x44); // version 1, CON, token length 4
    expect(spans.filter((s) => s.pending).map((s) => [s.role, s.start, s.end])).toEqual([
      ['message-id', 2, 4],
      ['token', 4, 8],
    ]);
    expect(spans.map((s) => s.label)).toEqual([
      'Version, type, token length, code',
      'Message ID: assigned on send',
      'Token: random, assigned on send',
      'Uri-Path "ps"',
      'Uri-Path "a"',
      'Payload marker 0xFF',
      'Payload, 1 byte',
    ]);
  });

  it('labels Observe, Content-Format and queries, with a known token', () => {
    const r = previewRequest({
      method: 'GET',
      confirmable: false,
      path: 'ps/t?c=1',
      observe: 0,
      contentFormat: 50,
      token: Uint8Array.of(0xab),
    });
    if (!r.ok) throw new Error(r.error);
    expect(r.preview.spans.map((s) => s.label)).toEqual([
      'Version, type, token length, code',
      'Message ID: assigned on send',
      'Token',
      'Observe (0 bytes = 0)',
      'Uri-Path "ps"',
      'Uri-Path "t"',
      'Content-Format 50',
      'Uri-Query "c=1"',
    ]);
    expect(r.preview.bytes[0]).toBe(0x51);
  });

  it('spans long options with extended lengths', () => {
    const long = 'x'.repeat(300);
    const r = previewRequest({
      method: 'GET',
      confirmable: true,
      path: `ps/${long}`,
      token: Uint8Array.of(1),
    });
    if (!r.ok) throw new Error(r.error);
    const seg = r.preview.spans.find((s) => s.label.startsWith('Uri-Path "x'));
    expect(seg && seg.end - seg.start).toBe(1 + 2 + 300);
    expect(seg?.end).toBe(r.preview.bytes.length);
  });
});

describe('switching notation', () => {
  it('turns text into its UTF-8 hex and back', () => {
    expect(convertNotation('Hi °', 'text', 'hex')).toBe('48 69 20 c2 b0');
    expect(convertNotation('48 69 20 c2 b0', 'hex', 'json')).toBe('Hi °');
    expect(convertNotation('{"a":1}', 'json', 'text')).toBe('{"a":1}');
  });

  it('keeps hex that is not UTF-8 text, or not hex at all', () => {
    expect(convertNotation('ff fe', 'hex', 'text')).toBe('ff fe');
    expect(convertNotation('zz', 'hex', 'text')).toBe('zz');
  });
});
