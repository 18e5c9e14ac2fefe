import { methodOf } from '../../coap';
import { parseQuery } from '../../gateway';
import type { DatagramSummary } from '../summary';

/** What a request asks the gateway for, read from its one-line summary (gateway-behaviour §1.2). */
export type RequestKind =
  | 'connect'
  | 'heartbeat'
  | 'disconnect'
  | 'connection-other'
  | 'mqtt-other'
  | 'publish'
  | 'subscribe'
  | 'unsubscribe'
  | 'observe-invalid'
  | 'ps-other'
  | 'ps-no-topic'
  | 'unknown';

export interface RequestInfo {
  kind: RequestKind;
  /** `GET`, `POST`, … or the dotted code of an unknown method. */
  method: string;
  /** Uri-Path segments. */
  segments: string[];
  /** Query parameters that survive the gateway's parsing, short names expanded (gateway-behaviour §1.7). */
  params: Map<string, string>;
  /** The topic after `ps/`, percent-decoded. */
  topic?: string;
  clientId?: string;
}

/** The query as the gateway reads it (gateway-behaviour §1.7): the gateway's own parser. */
export function parseQueryParams(query: string): Map<string, string> {
  return parseQuery(query === '' ? [] : query.split('&')).params;
}

function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Parsed requests by method, Observe and path: a busy log repeats the same few requests. */
const parsed = new Map<string, Readonly<RequestInfo>>();
const PARSED_MAX = 2048;

/**
 * Reads a request's summary: its method, path, query and what the gateway will make of it. The
 * result is shared between requests that read the same (treat it as read-only).
 */
export function requestInfo(summary: DatagramSummary): Readonly<RequestInfo> {
  const key = `${summary.code}\u0000${summary.observe}\u0000${summary.path}`;
  let info = parsed.get(key);
  if (!info) {
    if (parsed.size >= PARSED_MAX) parsed.clear();
    parsed.set(key, (info = readRequest(summary)));
  }
  return info;
}

function readRequest(summary: DatagramSummary): RequestInfo {
  const method = methodOf(summary.code);
  const full = summary.path ?? '/';
  const q = full.indexOf('?');
  const pathText = q < 0 ? full : full.slice(0, q);
  const params = parseQueryParams(q < 0 ? '' : full.slice(q + 1));
  const segments = pathText.replace(/^\//, '').split('/');
  const clientId = params.get('clientid');
  const base = { method, segments, params, clientId };
  const [first, ...rest] = segments;
  if (first === 'mqtt') {
    if (segments.length !== 2 || rest[0] !== 'connection') return { ...base, kind: 'mqtt-other' };
    const kind =
      method === 'POST'
        ? 'connect'
        : method === 'PUT'
          ? 'heartbeat'
          : method === 'DELETE'
            ? 'disconnect'
            : 'connection-other';
    return { ...base, kind };
  }
  if (first === 'ps') {
    const topic = percentDecode(rest.join('/'));
    if (rest.length === 0 || topic === '') return { ...base, kind: 'ps-no-topic' };
    if (method === 'POST') return { ...base, kind: 'publish', topic };
    if (method === 'GET') {
      const kind =
        summary.observe === 0
          ? 'subscribe'
          : summary.observe === 1
            ? 'unsubscribe'
            : 'observe-invalid';
      return { ...base, kind, topic };
    }
    return { ...base, kind: 'ps-other', topic };
  }
  return { ...base, kind: 'unknown' };
}

/** Whether a code (as its numeric value) is a request method (0.01–0.31). */
export const isRequestValue = (code: number | undefined): boolean =>
  code !== undefined && code >= 0x01 && code <= 0x1f;

/** The dotted part of `2.05 Content`. */
export const dotted = (code: string | undefined): string => {
  if (code === undefined) return '';
  const space = code.indexOf(' ');
  return space < 0 ? code : code.slice(0, space);
};
