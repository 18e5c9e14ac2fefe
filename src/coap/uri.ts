import type { CoapOption } from './message';
import { OPT } from './options';
import { decodeString, encodeString, encodeUint, decodeUint } from './values';

export interface CoapUri {
  scheme: 'coap' | 'coaps';
  host: string;
  port: number;
  /** Uri-Host, Uri-Port, Uri-Path and Uri-Query options, in that (wire) order. */
  options: CoapOption[];
}

export type UriResult = { ok: true; uri: CoapUri } | { ok: false; error: string };

const DEFAULT_PORT = { coap: 5683, coaps: 5684 } as const;
// RFC 3986 §3.2.2 IPv4address: four dec-octets (0..255); `999.1.1.1` is a reg-name, not an address.
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** RFC 3986 percent-decoding into bytes; undefined on a malformed escape. */
function percentDecode(s: string): Uint8Array | undefined {
  if (!s.includes('%')) return encodeString(s);
  const raw = encodeString(s);
  const out = new Uint8Array(raw.length);
  let j = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0x25) {
      const hex = String.fromCharCode(raw[i + 1] ?? 0, raw[i + 2] ?? 0);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
      out[j++] = parseInt(hex, 16);
      i += 2;
    } else out[j++] = raw[i];
  }
  return out.subarray(0, j);
}

// RFC 3986 §2.3 unreserved, §2.2 sub-delims, plus ':' and '@' (pchar).
const PCHAR = /[A-Za-z0-9\-._~!$'()*+,;=:@]/;

/** Percent-encodes an option value for a URI (RFC 7252 §6.5): every byte outside pchar (and `allowed`). */
function percentEncode(bytes: Uint8Array, allowed: string): string {
  let s = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    if (b < 0x80 && (PCHAR.test(c) || allowed.includes(c))) s += c;
    else s += '%' + (b < 16 ? '0' : '') + b.toString(16).toUpperCase();
  }
  return s;
}

/**
 * Decomposes a `coap://` or `coaps://` URI into options, following RFC 7252 §6.4: no Uri-Host for an
 * IP literal, no Uri-Port for the scheme's default port, one Uri-Path per segment and one Uri-Query
 * per `&`-separated part, each percent-decoded.
 */
export function parseUri(text: string): UriResult {
  // The path, when present, starts with '/' (path-abempty): `coap://h:abc/x` must not match.
  const m =
    /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(\[[^\]]*\]|[^/?#:]*)(?::(\d*))?(\/[^?#]*)?(?:\?([^#]*))?(#.*)?$/.exec(
      text.trim(),
    );
  if (!m)
    return {
      ok: false,
      error: `not an absolute URI: '${text}' (expected coap://host[:port]/path?query)`,
    };
  const scheme = m[1].toLowerCase();
  if (scheme !== 'coap' && scheme !== 'coaps') {
    return { ok: false, error: `scheme '${scheme}' is not coap or coaps (RFC 7252 §6.4 step 2)` };
  }
  if (m[6] !== undefined)
    return { ok: false, error: 'a CoAP URI must not have a fragment (RFC 7252 §6.4 step 3)' };
  const rawHost = m[2];
  if (rawHost === '') return { ok: false, error: 'the URI has no host' };
  if (rawHost.includes('@')) {
    return { ok: false, error: 'a CoAP URI has no user information (user@host); RFC 7252 §6.1' };
  }
  const port = m[3] ? Number(m[3]) : DEFAULT_PORT[scheme];
  if (!(port > 0 && port <= 65535))
    return { ok: false, error: `port '${m[3]}' is not in 1..65535` };
  const options: CoapOption[] = [];
  const ipLiteral = rawHost.startsWith('[') || IPV4.test(rawHost);
  const host = rawHost.startsWith('[') ? rawHost.slice(1, -1) : rawHost;
  if (!ipLiteral) {
    const decoded = percentDecode(host.toLowerCase());
    if (!decoded) return { ok: false, error: `bad percent-encoding in host '${host}'` };
    options.push({ number: OPT.UriHost, value: decoded });
  }
  if (port !== DEFAULT_PORT[scheme]) options.push({ number: OPT.UriPort, value: encodeUint(port) });
  const path = m[4] ?? '';
  if (path !== '' && path !== '/') {
    for (const segment of path.slice(1).split('/')) {
      const decoded = percentDecode(segment);
      if (!decoded)
        return { ok: false, error: `bad percent-encoding in path segment '${segment}'` };
      options.push({ number: OPT.UriPath, value: decoded });
    }
  }
  if (m[5] !== undefined && m[5] !== '') {
    for (const part of m[5].split('&')) {
      const decoded = percentDecode(part);
      if (!decoded) return { ok: false, error: `bad percent-encoding in query '${part}'` };
      options.push({ number: OPT.UriQuery, value: decoded });
    }
  }
  return { ok: true, uri: { scheme, host, port, options } };
}

/**
 * Composes the request URI from its options (RFC 7252 §6.5). `host`/`port` stand for the
 * destination when Uri-Host/Uri-Port are absent.
 */
export function formatUri(
  options: readonly CoapOption[],
  destination: { host: string; port: number; scheme?: 'coap' | 'coaps' } = {
    host: 'localhost',
    port: 5683,
  },
): string {
  const scheme = destination.scheme ?? 'coap';
  let host = destination.host.includes(':') ? `[${destination.host}]` : destination.host;
  let port = destination.port;
  let path = '';
  const query: string[] = [];
  for (const o of options) {
    if (o.number === OPT.UriHost) host = percentEncode(o.value, '');
    else if (o.number === OPT.UriPort) port = decodeUint(o.value);
    else if (o.number === OPT.UriPath) path += '/' + percentEncode(o.value, '');
    else if (o.number === OPT.UriQuery)
      query.push(percentEncode(o.value, '/?').replace(/&/g, '%26'));
  }
  const portPart = port === DEFAULT_PORT[scheme] ? '' : `:${port}`;
  return `${scheme}://${host}${portPart}${path || '/'}${query.length ? '?' + query.join('&') : ''}`;
}

/** The Uri-Path segments of a request, decoded as UTF-8. */
export function uriPath(options: readonly CoapOption[]): string[] {
  const out: string[] = [];
  for (const o of options) if (o.number === OPT.UriPath) out.push(decodeString(o.value));
  return out;
}

/** The Uri-Query entries of a request, decoded as UTF-8. */
export function uriQuery(options: readonly CoapOption[]): string[] {
  const out: string[] = [];
  for (const o of options) if (o.number === OPT.UriQuery) out.push(decodeString(o.value));
  return out;
}
