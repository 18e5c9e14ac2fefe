import { describe, expect, it } from 'vitest';
import { parseServerTarget } from './target';

describe('the real-server target', () => {
  it('reads coap:// URIs, host:port, bracketed IPv6 and localhost, port 5683 by default', () => {
    expect(parseServerTarget('coap://127.0.0.1:5685')).toEqual({
      ok: true,
      endpoint: { address: '127.0.0.1', port: 5685 },
    });
    expect(parseServerTarget(' 10.0.0.5 ')).toEqual({
      ok: true,
      endpoint: { address: '10.0.0.5', port: 5683 },
    });
    expect(parseServerTarget('[::1]:5690')).toEqual({
      ok: true,
      endpoint: { address: '::1', port: 5690 },
    });
    expect(parseServerTarget('coap://localhost/')).toEqual({
      ok: true,
      endpoint: { address: '127.0.0.1', port: 5683 },
    });
  });

  it('says what is wrong with anything else', () => {
    expect(parseServerTarget('')).toMatchObject({ ok: false });
    expect(parseServerTarget('coaps://127.0.0.1')).toEqual({
      ok: false,
      error: 'Server: coaps:// (DTLS) is not supported here; use coap://',
    });
    expect(parseServerTarget('http://127.0.0.1')).toMatchObject({ ok: false });
    expect(parseServerTarget('127.0.0.1:0')).toEqual({
      ok: false,
      error: "Server: port '0' is not in 1..65535",
    });
    expect(parseServerTarget('coap://127.0.0.1/time')).toEqual({
      ok: false,
      error: 'Server: only host and port here; the path goes in the Path field',
    });
    expect(parseServerTarget('emqx.lan:5683')).toMatchObject({
      ok: false,
      error: expect.stringContaining("'emqx.lan' is not an IP address"),
    });
    expect(parseServerTarget('300.1.1.1')).toMatchObject({ ok: false });
  });
});
