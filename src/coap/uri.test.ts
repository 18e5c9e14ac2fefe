// coap:// URIs ⇄ options: RFC 7252 §6.4 (decomposition) and §6.5 (composition).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EMPTY,
  OPT,
  decodeString,
  encodeString,
  formatUri,
  parseUri,
  toHex,
  uriPath,
  uriQuery,
  type CoapOption,
} from './index';

const NAMES: Record<number, string> = { 3: 'host', 7: 'port', 11: 'path', 15: 'query' };
/** Options as readable pairs: `['path', 'mqtt']`, with Uri-Port as hex. */
function parsed(uri: string): [string, string][] {
  const r = parseUri(uri);
  if (!r.ok) throw new Error(r.error);
  return r.uri.options.map((o) => [
    NAMES[o.number],
    o.number === OPT.UriPort ? toHex(o.value) : decodeString(o.value),
  ]);
}
function refused(uri: string): string {
  const r = parseUri(uri);
  if (r.ok) throw new Error(`accepted ${uri}`);
  return r.error;
}
const opt = (number: number, value: string): CoapOption => ({ number, value: encodeString(value) });

describe('parseUri (RFC 7252 §6.4)', () => {
  it('sends no Uri-Host for an IPv4 literal and no Uri-Port for the default port', () => {
    expect(parsed('coap://127.0.0.1/mqtt/connection?clientid=123')).toEqual([
      ['path', 'mqtt'],
      ['path', 'connection'],
      ['query', 'clientid=123'],
    ]);
  });

  it('sends no Uri-Port when the default port is written out', () => {
    expect(parsed('coap://127.0.0.1:5683/x')).toEqual([['path', 'x']]);
  });

  it('sends Uri-Port 5684 (0x1634) for coap://127.0.0.1:5684/x, as libcoap does', () => {
    expect(parsed('coap://127.0.0.1:5684/x')).toEqual([
      ['port', '1634'],
      ['path', 'x'],
    ]);
  });

  it('takes 5684 as the default for coaps, so 5683 needs a Uri-Port there', () => {
    expect(parsed('coaps://127.0.0.1:5684/x')).toEqual([['path', 'x']]);
    expect(parsed('coaps://127.0.0.1:5683/x')).toEqual([
      ['port', '1633'],
      ['path', 'x'],
    ]);
  });

  it('sends a reg-name host as Uri-Host, lower-cased', () => {
    expect(parsed('coap://Gateway.EXAMPLE/x')).toEqual([
      ['host', 'gateway.example'],
      ['path', 'x'],
    ]);
  });

  it('takes 999.1.1.1 for a reg-name, not an IPv4 address (RFC 3986 dec-octet)', () => {
    expect(parsed('coap://999.1.1.1/')).toEqual([['host', '999.1.1.1']]);
    expect(parsed('coap://255.255.255.255/')).toEqual([]);
  });

  it('sends no Uri-Host for an IPv6 literal, and reports the host without brackets', () => {
    const r = parseUri('coap://[2001:db8::1]:61616/x');
    if (!r.ok) throw new Error(r.error);
    expect(r.uri.host).toBe('2001:db8::1');
    expect(r.uri.port).toBe(61616);
    expect(parsed('coap://[2001:db8::1]:61616/x')).toEqual([
      ['port', 'f0b0'],
      ['path', 'x'],
    ]);
    expect(parsed('coap://[::1]/')).toEqual([]);
  });

  it('keeps empty path segments: ps//abc is ["ps", "", "abc"]', () => {
    expect(uriPath(mustParse('coap://h/ps//abc'))).toEqual(['ps', '', 'abc']);
    expect(uriPath(mustParse('coap://h/x/'))).toEqual(['x', '']);
  });

  it('sends no Uri-Path for an empty path or a single slash', () => {
    expect(uriPath(mustParse('coap://h'))).toEqual([]);
    expect(uriPath(mustParse('coap://h/'))).toEqual([]);
    expect(uriPath(mustParse('coap://h?a=1'))).toEqual([]);
  });

  it('percent-decodes each segment into bytes: %23 is "#", %2F stays inside its segment', () => {
    expect(uriPath(mustParse('coap://h/a%23b/c%2Fd/%E2%82%AC'))).toEqual(['a#b', 'c/d', '€']);
  });

  it('splits the query on & and keeps every = in each part', () => {
    expect(uriQuery(mustParse('coap://h/x?clientid=123&token=a=b&flag'))).toEqual([
      'clientid=123',
      'token=a=b',
      'flag',
    ]);
    expect(uriQuery(mustParse('coap://h/x?a=1%262'))).toEqual(['a=1&2']);
    expect(uriQuery(mustParse('coap://h/x?a&&b'))).toEqual(['a', '', 'b']);
  });

  it('writes the options in wire order: Uri-Host, Uri-Port, Uri-Path, Uri-Query', () => {
    const numbers = mustParse('coap://host.example:1234/a/b?c').map((o) => o.number);
    expect(numbers).toEqual([3, 7, 11, 11, 15]);
  });

  it('treats the RFC 7252 §6.6 equivalent URIs alike', () => {
    const a = parsed('coap://example.com:5683/~sensors/temp.xml');
    expect(parsed('coap://EXAMPLE.com/%7Esensors/temp.xml')).toEqual(a);
    expect(parsed('coap://EXAMPLE.com:/%7esensors/temp.xml')).toEqual(a);
  });

  it('ignores spaces around the URI', () => {
    expect(parsed('  coap://127.0.0.1/x \n')).toEqual([['path', 'x']]);
  });

  it('rejects a fragment (§6.4 step 3)', () => {
    expect(refused('coap://h/x#frag')).toMatch(/fragment/);
  });

  it('rejects http:// and other schemes (§6.4 step 2), as libcoap does', () => {
    expect(refused('http://127.0.0.1/x')).toMatch(/scheme 'http' is not coap or coaps/);
  });

  it.each([
    ['a relative reference', '/mqtt/connection', /not an absolute URI/],
    ['no host', 'coap:///x', /no host/],
    ['a port that is not a number', 'coap://h:abc/x', /not an absolute URI/],
    ['text after an IPv6 literal', 'coap://[::1]x/y', /not an absolute URI/],
    ['port 0', 'coap://h:0/', /port '0'/],
    ['port 65536', 'coap://h:65536/', /port '65536'/],
    ['user information', 'coap://user@h/', /user information/],
    ['a bad escape in the path', 'coap://h/a%2', /percent-encoding in path/],
    ['a non-hex escape in the query', 'coap://h/?a=%zz', /percent-encoding in query/],
    ['a bad escape in the host', 'coap://h%g0/', /percent-encoding in host/],
  ])('rejects %s', (_, uri, error) => {
    expect(refused(uri)).toMatch(error);
  });
});

function mustParse(uri: string): CoapOption[] {
  const r = parseUri(uri);
  if (!r.ok) throw new Error(r.error);
  return r.uri.options;
}

describe('formatUri (RFC 7252 §6.5)', () => {
  const local = { host: '127.0.0.1', port: 5683 };

  it('composes a request without Uri-Host from its destination', () => {
    const options = [opt(11, 'mqtt'), opt(11, 'connection'), opt(15, 'clientid=123')];
    expect(formatUri(options, local)).toBe('coap://127.0.0.1/mqtt/connection?clientid=123');
  });

  it('writes "/" when there is no Uri-Path', () => {
    expect(formatUri([], local)).toBe('coap://127.0.0.1/');
    expect(formatUri([opt(15, 'a')], local)).toBe('coap://127.0.0.1/?a');
  });

  it('prefers Uri-Host and Uri-Port to the destination, omitting the default port', () => {
    const options = [opt(3, 'example.com'), { number: 7, value: Uint8Array.of(0x16, 0x34) }];
    expect(formatUri(options, local)).toBe('coap://example.com:5684/');
    expect(formatUri([opt(3, 'example.com')], { ...local, port: 5684 })).toBe(
      'coap://example.com:5684/',
    );
    expect(formatUri([], { host: 'h', port: 5684, scheme: 'coaps' })).toBe('coaps://h/');
  });

  it('brackets an IPv6 destination', () => {
    expect(formatUri([opt(11, 'x')], { host: '::1', port: 5683 })).toBe('coap://[::1]/x');
  });

  it('percent-encodes what a segment cannot hold: "/", "#", "?", space, non-ASCII', () => {
    const options = [
      opt(11, 'a/b'),
      opt(11, '#?'),
      opt(11, 'x y'),
      opt(11, '€'),
      opt(11, "~:@!$'"),
    ];
    expect(formatUri(options, local)).toBe("coap://127.0.0.1/a%2Fb/%23%3F/x%20y/%E2%82%AC/~:@!$'");
  });

  it('keeps "/", "?" and "=" in a query but escapes "&" and "#"', () => {
    const options = [opt(15, 'next=/a?b'), opt(15, 'x=1&2#')];
    expect(formatUri(options, local)).toBe('coap://127.0.0.1/?next=/a?b&x=1%262%23');
  });

  it('keeps empty segments: ["ps", "", "abc"] is /ps//abc', () => {
    expect(formatUri([opt(11, 'ps'), { number: 11, value: EMPTY }, opt(11, 'abc')], local)).toBe(
      'coap://127.0.0.1/ps//abc',
    );
  });

  it('ignores options that are not part of the URI', () => {
    expect(formatUri([{ number: 6, value: EMPTY }, opt(11, 'x')], local)).toBe(
      'coap://127.0.0.1/x',
    );
  });

  it('composes what parseUri decomposes, for any path and query bytes', () => {
    const part = fc.uint8Array({ maxLength: 12 });
    fc.assert(
      fc.property(fc.array(part, { maxLength: 5 }), fc.array(part, { maxLength: 4 }), (p, q) => {
        // One empty segment is indistinguishable from none (§6.4 step 8 vs §6.5 step 6), and an
        // empty query is dropped; both are the URI syntax's ambiguities, not the codec's.
        fc.pre(!(p.length === 1 && p[0].length === 0) && !(q.length === 1 && q[0].length === 0));
        const options = [
          ...p.map((value) => ({ number: OPT.UriPath, value })),
          ...q.map((value) => ({ number: OPT.UriQuery, value })),
        ];
        const again = parseUri(formatUri(options, local));
        expect(again.ok && again.uri.options).toEqual(options);
      }),
    );
  });
});
