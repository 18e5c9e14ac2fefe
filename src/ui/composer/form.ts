import { CONTENT_FORMATS, encodeString, parseHex, parseUri, toHex } from '../../coap';
import type { Method, RequestSpec } from '../../coap';
import { buildQuery, encodePath, paramInfo } from './params';
import type { QueryParam } from './params';

export const METHODS: readonly Method[] = ['GET', 'POST', 'PUT', 'DELETE'];

/** How the CoAP token (the message token, not the `token` query) is given. */
export type TokenMode = 'random' | 'text' | 'hex' | 'empty';
export type PayloadMode = 'text' | 'hex' | 'json';
/** Observe option: absent, 0 (register) or 1 (deregister). */
export type ObserveChoice = 'none' | '0' | '1';

/** Everything the composer's fields hold; `compile` turns it into a request. */
export interface ComposerForm {
  method: Method;
  confirmable: boolean;
  /** Uri-Path as typed, e.g. `ps/coap/test`; `%XX` escapes allowed. */
  path: string;
  params: QueryParam[];
  /** Send clientid, token, username, password, qos, retain as c, t, u, p, q, r. */
  shortNames: boolean;
  observe: ObserveChoice;
  tokenMode: TokenMode;
  token: string;
  contentFormat: number | undefined;
  payloadMode: PayloadMode;
  payload: string;
}

export const DEFAULT_FORM: ComposerForm = {
  method: 'POST',
  confirmable: true,
  path: 'ps/coap/test',
  params: [],
  shortNames: false,
  observe: 'none',
  tokenMode: 'random',
  token: '',
  contentFormat: undefined,
  payloadMode: 'text',
  payload: 'Hi, this is libcoap',
};

/** Content-Formats offered in the picker: the registry of src/coap. */
export const CONTENT_FORMAT_CHOICES: ReadonlyArray<{ value: number; label: string }> =
  Object.entries(CONTENT_FORMATS).map(([n, name]) => ({ value: Number(n), label: `${n} ${name}` }));

/** The composer's verdict on a form: the request, or why there is none, plus advice. */
export interface Compiled {
  /** The request to send; absent when `errors` is not empty. */
  spec?: RequestSpec;
  /** What stops the request from being sent, each naming the field. */
  errors: string[];
  /** What the gateway will make of unusual input (it is still sent: that is how you learn). */
  warnings: string[];
  /** Path and query as sent, `/ps/coap/test?clientid=123`. */
  target: string;
  /** The MQTT topic of a `ps/…` path. */
  topic?: string;
  /** One line: `CON POST /ps/coap/test · token random · 19-byte payload`. */
  summary: string;
}

function tokenBytes(form: ComposerForm): { bytes?: Uint8Array; error?: string } {
  switch (form.tokenMode) {
    case 'random':
      return {};
    case 'empty':
      return { bytes: new Uint8Array(0) };
    case 'text': {
      const bytes = encodeString(form.token);
      if (bytes.length === 0)
        return { error: 'CoAP token: type some text, or choose "random" or "empty"' };
      if (bytes.length > 8)
        return {
          error: `CoAP token: at most 8 bytes (RFC 7252 §3); "${form.token}" is ${bytes.length}`,
        };
      return { bytes };
    }
    case 'hex': {
      const r = parseHex(form.token);
      if (!r.ok) return { error: `CoAP token: ${r.error}` };
      if (r.bytes.length === 0)
        return { error: 'CoAP token: type some hex, or choose "random" or "empty"' };
      if (r.bytes.length > 8)
        return { error: `CoAP token: at most 8 bytes (RFC 7252 §3); this is ${r.bytes.length}` };
      return { bytes: r.bytes };
    }
  }
}

/** The payload's bytes, or why they cannot be made. */
export function payloadBytes(
  mode: PayloadMode,
  text: string,
): { ok: true; bytes: Uint8Array } | { ok: false; error: string } {
  if (mode === 'hex') {
    const r = parseHex(text);
    return r.ok ? r : { ok: false, error: `Payload is not valid hex: ${r.error}` };
  }
  if (mode === 'json' && text.trim() !== '') {
    try {
      JSON.parse(text);
    } catch (e) {
      return {
        ok: false,
        error: `Payload is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
  }
  return { ok: true, bytes: encodeString(text) };
}

const INTEGER = /^[+-]?\d+$/;

/** Advice about values the gateway treats specially (gateway-behaviour §1.7–§1.9). */
function paramWarnings(params: readonly QueryParam[]): string[] {
  const out: string[] = [];
  const seen = new Map<string, string[]>();
  for (const p of params) {
    if (p.key === '') continue;
    const info = paramInfo(p.key);
    const name = info?.name ?? p.key;
    seen.set(name, [...(seen.get(name) ?? []), p.key]);
    if (p.value.includes('=') || p.key.includes('='))
      out.push(
        `${p.key}: the gateway drops a query entry with more than one '=' (gateway-behaviour §1.7), so it never sees this one`,
      );
    else if (
      (name === 'qos' || name === 'expiry' || name === 'nl' || name === 'rh') &&
      !INTEGER.test(p.value)
    )
      out.push(
        `${p.key}=${p.value} is not an integer: the reference gateway's channel crashes on it and no reply comes (gateway-behaviour §1.7)`,
      );
    else if ((name === 'qos' || name === 'rh') && !['0', '1', '2'].includes(p.value))
      out.push(`${p.key}: MQTT allows 0, 1 or 2`);
    else if (name === 'retain' && p.value !== 'true' && p.value !== 'false')
      out.push(`retain=${p.value}: only the exact string true sets retain; this means false`);
  }
  for (const [name, keys] of seen) {
    if (keys.length < 2) continue;
    const short = paramInfo(name)?.short;
    out.push(
      short && keys.includes(short) && keys.includes(name)
        ? `${name} is given as ${name} and ${short}: the short name wins (gateway-behaviour §1.7)`
        : `${name} is given ${keys.length} times: the gateway keeps the last one`,
    );
  }
  return out;
}

/** Turns the form into a request spec, or says what is wrong with it. */
export function compile(form: ComposerForm): Compiled {
  const errors: string[] = [];
  const warnings: string[] = [];

  const path = encodePath(form.path);
  if (form.params.some((p) => p.key === '' && p.value !== ''))
    errors.push('Query: a parameter has a value but no name');
  const query = buildQuery(form.params, form.shortNames);
  const target = `/${path}${query ? `?${query}` : ''}`;
  const uri = parseUri(`coap://gateway${target}`);
  if (!uri.ok) errors.push(`Path: ${uri.error}`);
  warnings.push(...paramWarnings(form.params));

  const token = tokenBytes(form);
  if (token.error) errors.push(token.error);

  const payload = payloadBytes(form.payloadMode, form.payload);
  if (!payload.ok) errors.push(payload.error);

  const observe = form.observe === 'none' ? undefined : Number(form.observe);
  if (observe === 0 && token.bytes?.length === 0)
    warnings.push(
      'Observe=0 with an empty token: the gateway refuses it with 4.00 "observe without token" (gateway-behaviour §1.2)',
    );

  const segments = path.split('/');
  let topic: string | undefined;
  if (segments[0] === 'ps' && segments.length > 1) {
    try {
      topic = decodeURIComponent(segments.slice(1).join('/'));
    } catch {
      topic = segments.slice(1).join('/');
    }
  }

  const type = form.confirmable ? 'CON' : 'NON';
  const bits = [
    `${type} ${form.method} ${target}`,
    observe !== undefined ? `Observe=${observe}` : undefined,
    token.bytes === undefined
      ? 'token random'
      : token.bytes.length === 0
        ? 'empty token'
        : `token 0x${toHex(token.bytes)}`,
    form.contentFormat !== undefined ? `Content-Format ${form.contentFormat}` : undefined,
    payload.ok
      ? payload.bytes.length
        ? `${payload.bytes.length}-byte payload`
        : 'no payload'
      : 'payload invalid',
  ];
  const summary = bits.filter(Boolean).join(' · ');

  if (errors.length || !payload.ok) return { errors, warnings, target, topic, summary };
  const spec: RequestSpec = {
    method: form.method,
    confirmable: form.confirmable,
    path: target.slice(1),
    ...(observe !== undefined ? { observe } : {}),
    ...(token.bytes !== undefined ? { token: token.bytes } : {}),
    ...(form.contentFormat !== undefined ? { contentFormat: form.contentFormat } : {}),
    ...(payload.bytes.length ? { payload: payload.bytes } : {}),
  };
  return { spec, errors, warnings, target, topic, summary };
}

/**
 * The same bytes in another notation, when switching between text, JSON and hex (or between a
 * text and a hex token): text becomes its UTF-8 hex; hex becomes text when it is valid UTF-8.
 * Anything that cannot be converted is kept as typed, and validation says what is wrong.
 */
export function convertNotation(
  value: string,
  from: 'text' | 'hex' | 'json',
  to: 'text' | 'hex' | 'json',
): string {
  const fromHex = from === 'hex';
  const toHexNotation = to === 'hex';
  if (fromHex === toHexNotation) return value;
  if (toHexNotation) return toHex(encodeString(value), ' ');
  const r = parseHex(value);
  if (!r.ok) return value;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(r.bytes);
  } catch {
    return value;
  }
}
