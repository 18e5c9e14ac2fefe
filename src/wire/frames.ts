/**
 * The wire format between the relay (Node) and the worker (browser), imported by both: versioned
 * binary frames carrying batches of UDP datagrams with their real peer address, and small JSON
 * control messages. Pure: no Node or DOM APIs, and decoding never throws on bad input.
 *
 * Binary frame (WebSocket binary message):
 *   u8 version (= FRAME_VERSION) · u8 kind · u16 count · count × datagram
 *   datagram: u8 family (4 | 6) · 4 or 16 address bytes · u16 port · u16 length · payload
 * kind 1: datagrams from real peers (relay → worker); kind 2: datagrams to real peers (worker → relay).
 * kind 3: datagrams for a destination the page chose, a real CoAP server (worker → relay), sent
 * from the relay's outbound socket if its allowlist admits the destination; kind 4: answers from
 * such a destination (relay → worker). A refused destination comes back as a `refused` control.
 */
import type { Endpoint } from './endpoint.ts';
import { API_METHODS, PAGE_STATUSES } from './api.ts';
import type { ApiMethod, Json } from './api.ts';

export const FRAME_VERSION = 1;
export const FROM_PEERS = 1;
export const TO_PEERS = 2;
export const TO_DEST = 3;
export const FROM_DEST = 4;
/** A UDP payload can be at most 65,507 bytes over IPv4; larger ones are refused. */
export const MAX_DATAGRAM = 65_507;
/** The most datagrams in one frame. */
export const MAX_BATCH = 1024;
/** WebSocket close code: the relay let a waiting page go (too many wait for the UDP port). */
export const CLOSE_TOO_MANY_WAITING = 4002;
/** A datagram's header in a frame, at most: family, an IPv6 address, port and length. */
const DATAGRAM_HEADER_MAX = 1 + 16 + 2 + 2;
/**
 * The most bytes in one frame: its header and four maximal datagrams, so any batch fits in a few
 * frames while a WebSocket peer can make the relay buffer no more than this (its `maxPayload`).
 */
export const MAX_FRAME_BYTES = 4 + 4 * (DATAGRAM_HEADER_MAX + MAX_DATAGRAM);

export interface RelayDatagram {
  peer: Endpoint;
  bytes: Uint8Array;
}

export type FrameKind = typeof FROM_PEERS | typeof TO_PEERS | typeof TO_DEST | typeof FROM_DEST;

const isFrameKind = (k: number): k is FrameKind => k >= FROM_PEERS && k <= FROM_DEST;

export type FrameResult =
  { ok: true; kind: FrameKind; datagrams: RelayDatagram[] } | { ok: false; error: string };

/** Control messages, sent as JSON text. */
export type ControlMessage =
  | { v: 1; type: 'hello'; page: string }
  | {
      v: 1;
      type: 'welcome';
      coap: Endpoint;
      http: string;
      relayVersion: string;
      /** What the relay's destination allowlist admits, in words (absent: an older relay). */
      outbound?: { allow: string[] };
      /** The page that had taken the UDP port over and went away: this page has it back. */
      takenBackFrom?: string;
    }
  /** The relay would not send a kind-3 datagram to `dest`; `reason` says why and how to allow it. */
  | { v: 1; type: 'refused'; dest: Endpoint; reason: string }
  /** A newer page owns the UDP port; this one waits, and gets a `welcome` when that page goes. */
  | { v: 1; type: 'taken-over'; by: string }
  | { v: 1; type: 'stats'; received: number; sent: number; dropped: number; noPage: number }
  /**
   * A management API call (src/wire/api.ts) for the page that owns the UDP port: `path` below
   * `/api/v5` as sent (percent-encoded), `query` the decoded pairs, `body` the parsed JSON body.
   */
  | ApiRequestMessage
  /** The page's answer to the `api-request` with the same `id`. */
  | ApiResponseMessage;

export interface ApiRequestMessage {
  v: 1;
  type: 'api-request';
  id: number;
  method: ApiMethod;
  path: string;
  query: Array<[string, string]>;
  body?: Json;
}

export interface ApiResponseMessage {
  v: 1;
  type: 'api-response';
  id: number;
  status: number;
  body?: Json;
}

/** The longest path and the most query pairs an `api-request` may carry. */
export const API_MAX_PATH = 4096;
export const API_MAX_QUERY = 64;
/** Request ids are below 2^31. */
const isId = (id: unknown): id is number =>
  typeof id === 'number' && Number.isInteger(id) && id >= 0 && id < 2 ** 31;

/** Checks every field of an `api-request`; undefined if one is missing or wrong. */
function apiRequest(m: Record<string, unknown>): ApiRequestMessage | undefined {
  const { id, method, path, query, body } = m;
  if (!isId(id) || !(API_METHODS as unknown[]).includes(method)) return undefined;
  if (typeof path !== 'string' || path.length > API_MAX_PATH || !path.startsWith('/'))
    return undefined;
  if (!Array.isArray(query) || query.length > API_MAX_QUERY) return undefined;
  for (const pair of query as unknown[])
    if (
      !Array.isArray(pair) ||
      pair.length !== 2 ||
      typeof pair[0] !== 'string' ||
      typeof pair[1] !== 'string'
    )
      return undefined;
  return {
    v: 1,
    type: 'api-request',
    id,
    method: method as ApiMethod,
    path,
    query: query as Array<[string, string]>,
    ...(body === undefined ? {} : { body: body as Json }),
  };
}

/**
 * Checks every field of an `api-response` (a page's answer is untrusted): a known id, a status
 * the API answers with, a body that is an object or an array (none for 204).
 */
export function parseApiResponse(
  text: string,
): { ok: true; message: ApiResponseMessage } | { ok: false; id?: number; error: string } {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return { ok: false, error: 'not JSON' };
  }
  if (typeof m !== 'object' || m === null || Array.isArray(m))
    return { ok: false, error: 'not an object' };
  const r = m as Record<string, unknown>;
  if (r.v !== 1 || r.type !== 'api-response') return { ok: false, error: 'not an api-response' };
  if (!isId(r.id)) return { ok: false, error: 'no valid id' };
  const id = r.id;
  if (typeof r.status !== 'number' || !PAGE_STATUSES.has(r.status))
    return {
      ok: false,
      id,
      error: `status ${JSON.stringify(r.status)} is not one the API answers`,
    };
  const body = r.body;
  if (r.status === 204) {
    if (body !== undefined && body !== null) return { ok: false, id, error: '204 with a body' };
    return { ok: true, message: { v: 1, type: 'api-response', id, status: 204 } };
  }
  if (typeof body !== 'object' || body === null)
    return { ok: false, id, error: 'the body is not a JSON object or array' };
  return {
    ok: true,
    message: { v: 1, type: 'api-response', id, status: r.status, body: body as Json },
  };
}

/** Addresses already parsed by `encodeFrame` (a busy peer's is parsed once, not per datagram). */
const parsed = new Map<string, number[]>();
const PARSED_MAX = 4096;

function parseAddress(a: string): number[] | undefined {
  const known = parsed.get(a);
  if (known) return known;
  const bytes = parseIpv4(a) ?? parseIpv6(a);
  if (bytes) {
    if (parsed.size >= PARSED_MAX) parsed.clear();
    parsed.set(a, bytes);
  }
  return bytes;
}

function parseIpv4(a: string): number[] | undefined {
  const parts = a.split('.');
  if (parts.length !== 4) return undefined;
  const out = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  return out.every((n) => n >= 0 && n <= 255) ? out : undefined;
}

function parseIpv6(a: string): number[] | undefined {
  let text = a.split('%')[0];
  // An IPv4-mapped tail (::ffff:1.2.3.4) becomes two hex words.
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = parseIpv4(dotted[2]);
    if (!v4) return undefined;
    text = `${dotted[1]}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const words = (s: string) =>
    s === '' ? [] : s.split(':').map((w) => (/^[0-9a-fA-F]{1,4}$/.test(w) ? parseInt(w, 16) : NaN));
  const head = words(halves[0]);
  const back = halves.length === 2 ? words(halves[1]) : [];
  const fill = 8 - head.length - back.length;
  if (fill < 0 || (halves.length === 1 && fill !== 0)) return undefined;
  const all = [...head, ...new Array<number>(halves.length === 2 ? fill : 0).fill(0), ...back];
  if (all.length !== 8 || all.some((w) => Number.isNaN(w))) return undefined;
  const bytes: number[] = [];
  for (const w of all) bytes.push(w >> 8, w & 0xff);
  return bytes;
}

function formatIpv6(b: Uint8Array): string {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((b[i] << 8) | b[i + 1]);
  // RFC 5952: compress the longest run of two or more zero words.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** Encodes datagrams into one binary frame. Throws on a caller error (bad address, oversize). */
export function encodeFrame(
  kind: FrameKind,
  datagrams: readonly RelayDatagram[],
): Uint8Array<ArrayBuffer> {
  if (datagrams.length > MAX_BATCH)
    throw new RangeError(`at most ${MAX_BATCH} datagrams per frame`);
  const addrs = datagrams.map((d) => {
    const a = parseAddress(d.peer.address);
    if (!a) throw new RangeError(`not an IP address: ${d.peer.address}`);
    if (d.bytes.length > MAX_DATAGRAM)
      throw new RangeError(`datagram of ${d.bytes.length} bytes is over ${MAX_DATAGRAM}`);
    if (!(d.peer.port >= 0 && d.peer.port <= 65535))
      throw new RangeError(`bad port ${d.peer.port}`);
    return a;
  });
  let size = 4;
  for (let i = 0; i < datagrams.length; i++)
    size += 1 + addrs[i].length + 4 + datagrams[i].bytes.length;
  if (size > MAX_FRAME_BYTES)
    throw new RangeError(`a frame of ${size} bytes is over ${MAX_FRAME_BYTES}: use encodeFrames`);
  const out = new Uint8Array(size);
  out[0] = FRAME_VERSION;
  out[1] = kind;
  out[2] = datagrams.length >> 8;
  out[3] = datagrams.length & 0xff;
  let o = 4;
  for (let i = 0; i < datagrams.length; i++) {
    const a = addrs[i];
    const d = datagrams[i];
    out[o++] = a.length === 4 ? 4 : 6;
    out.set(a, o);
    o += a.length;
    out[o++] = d.peer.port >> 8;
    out[o++] = d.peer.port & 0xff;
    out[o++] = d.bytes.length >> 8;
    out[o++] = d.bytes.length & 0xff;
    out.set(d.bytes, o);
    o += d.bytes.length;
  }
  return out;
}

/**
 * Encodes any number of datagrams as frames of at most MAX_BATCH datagrams and MAX_FRAME_BYTES
 * bytes each, in order. Throws on a caller error, as `encodeFrame` does.
 */
export function encodeFrames(
  kind: FrameKind,
  datagrams: readonly RelayDatagram[],
): Uint8Array<ArrayBuffer>[] {
  const frames: Uint8Array<ArrayBuffer>[] = [];
  let start = 0;
  let size = 4;
  for (let i = 0; i < datagrams.length; i++) {
    const d = DATAGRAM_HEADER_MAX + datagrams[i].bytes.length;
    if (i > start && (i - start === MAX_BATCH || size + d > MAX_FRAME_BYTES)) {
      frames.push(encodeFrame(kind, datagrams.slice(start, i)));
      start = i;
      size = 4;
    }
    size += d;
  }
  if (start < datagrams.length) frames.push(encodeFrame(kind, datagrams.slice(start)));
  return frames;
}

/** Decodes a binary frame; a frame that does not parse gives an error, never an exception. */
export function decodeFrame(frame: Uint8Array): FrameResult {
  if (frame.length < 4) return { ok: false, error: 'frame shorter than its 4-byte header' };
  if (frame.length > MAX_FRAME_BYTES)
    return { ok: false, error: `frame of ${frame.length} bytes is over ${MAX_FRAME_BYTES}` };
  if (frame[0] !== FRAME_VERSION)
    return { ok: false, error: `frame version ${frame[0]}, expected ${FRAME_VERSION}` };
  const kind = frame[1];
  if (!isFrameKind(kind)) return { ok: false, error: `unknown frame kind ${kind}` };
  const count = (frame[2] << 8) | frame[3];
  if (count > MAX_BATCH)
    return { ok: false, error: `${count} datagrams in one frame; at most ${MAX_BATCH}` };
  const datagrams: RelayDatagram[] = [];
  let o = 4;
  for (let i = 0; i < count; i++) {
    const family = frame[o++];
    const alen = family === 4 ? 4 : family === 6 ? 16 : 0;
    if (!alen) return { ok: false, error: `datagram ${i}: address family ${family} is not 4 or 6` };
    if (o + alen + 4 > frame.length) return { ok: false, error: `datagram ${i}: truncated header` };
    const address =
      alen === 4
        ? `${frame[o]}.${frame[o + 1]}.${frame[o + 2]}.${frame[o + 3]}`
        : formatIpv6(frame.subarray(o, o + alen));
    o += alen;
    const port = (frame[o] << 8) | frame[o + 1];
    const len = (frame[o + 2] << 8) | frame[o + 3];
    o += 4;
    if (len > MAX_DATAGRAM)
      return { ok: false, error: `datagram ${i}: ${len} bytes is over ${MAX_DATAGRAM}` };
    if (o + len > frame.length) return { ok: false, error: `datagram ${i}: payload truncated` };
    // A view, not a copy: no buffer per datagram. A datagram that is kept keeps its frame's
    // buffer, at most MAX_BATCH datagrams, so memory stays that of the datagrams kept.
    datagrams.push({ peer: { address, port }, bytes: frame.subarray(o, o + len) });
    o += len;
  }
  if (o !== frame.length)
    return { ok: false, error: `${frame.length - o} bytes after the last datagram` };
  return { ok: true, kind, datagrams };
}

/**
 * Parses a JSON control message; undefined if it is not one. API messages are checked field by
 * field (`api-request` here, `api-response` with `parseApiResponse`).
 */
export function parseControl(text: string): ControlMessage | undefined {
  try {
    const m = JSON.parse(text) as { v?: unknown; type?: unknown };
    if (!m || typeof m !== 'object' || m.v !== 1 || typeof m.type !== 'string') return undefined;
    if (m.type === 'api-request') return apiRequest(m as Record<string, unknown>);
    if (m.type === 'api-response') {
      const r = parseApiResponse(text);
      return r.ok ? r.message : undefined;
    }
    return m as ControlMessage;
  } catch {
    // not JSON
  }
  return undefined;
}
