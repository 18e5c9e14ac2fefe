import { CONTENT_FORMATS, encodeString, parseHex, parseUri, toHex } from '../../coap';
import type { Method, RequestSpec } from '../../coap';
import { buildQuery, encodePath, paramInfo } from './params';
import type { QueryParam } from './params';
import { i18n } from '../i18n/i18n';

// The words below are said in the page's language at the time of the call: the composer passes
// that language to `compile` so its memo is computed again when the reader switches.
const t = (id: string, values?: Record<string, string | number>) => i18n.t(id, values);

/**
 * A reason from the codec (src/coap says its reasons in English), in the page's language when it
 * is one the page knows; as said otherwise.
 */
export function coapReason(reason: string): string {
  let m = /^not a hex digit: '(.*)'$/.exec(reason);
  if (m) return t('composer:coap.not-hex-digit', { digit: `'${m[1]}'` });
  if (reason === 'odd number of hex digits') return t('composer:coap.odd-hex');
  m = /^bad percent-encoding in path segment '(.*)'$/.exec(reason);
  if (m) return t('composer:coap.bad-path-escape', { segment: `'${m[1]}'` });
  m = /^bad percent-encoding in query '(.*)'$/.exec(reason);
  if (m) return t('composer:coap.bad-query-escape', { query: `'${m[1]}'` });
  return reason;
}

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
  /** The CoAP token's error, shown under its field (also in `errors`). */
  tokenError?: string;
  /** The payload's error, shown under its field (also in `errors`). */
  payloadError?: string;
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
      if (bytes.length === 0) return { error: t('composer:error.token-blank-text') };
      if (bytes.length > 8)
        return {
          error: t('composer:error.token-long-text', {
            token: `"${form.token}"`,
            n: bytes.length,
          }),
        };
      return { bytes };
    }
    case 'hex': {
      const r = parseHex(form.token);
      if (!r.ok) return { error: t('composer:error.token-hex', { reason: coapReason(r.error) }) };
      if (r.bytes.length === 0) return { error: t('composer:error.token-blank-hex') };
      if (r.bytes.length > 8)
        return { error: t('composer:error.token-long-hex', { n: r.bytes.length }) };
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
    return r.ok
      ? r
      : { ok: false, error: t('composer:error.payload-hex', { reason: coapReason(r.error) }) };
  }
  if (mode === 'json' && text.trim() !== '') {
    try {
      JSON.parse(text);
    } catch (e) {
      return {
        ok: false,
        error: t('composer:error.payload-json', {
          reason: e instanceof Error ? e.message : String(e),
        }),
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
      out.push(t('composer:warning.two-equals', { key: p.key }));
    else if (
      (name === 'qos' || name === 'expiry' || name === 'nl' || name === 'rh') &&
      !INTEGER.test(p.value)
    )
      out.push(t('composer:warning.not-integer', { entry: `${p.key}=${p.value}` }));
    else if ((name === 'qos' || name === 'rh') && !['0', '1', '2'].includes(p.value))
      out.push(t('composer:warning.qos-range', { key: p.key }));
    else if (name === 'retain' && p.value !== 'true' && p.value !== 'false')
      out.push(t('composer:warning.retain', { entry: `retain=${p.value}` }));
  }
  for (const [name, keys] of seen) {
    if (keys.length < 2) continue;
    const short = paramInfo(name)?.short;
    out.push(
      short && keys.includes(short) && keys.includes(name)
        ? t('composer:warning.short-wins', { name, short })
        : t('composer:warning.repeated', { name, n: keys.length }),
    );
  }
  return out;
}

/**
 * Turns the form into a request spec, or says what is wrong with it, in the page's language
 * (`language` is there for a memo's dependencies: the words follow the page's current one).
 */
export function compile(form: ComposerForm, language?: string): Compiled {
  void language;
  const errors: string[] = [];
  const warnings: string[] = [];

  const path = encodePath(form.path);
  if (form.params.some((p) => p.key === '' && p.value !== ''))
    errors.push(t('composer:error.query-no-name'));
  const query = buildQuery(form.params, form.shortNames);
  const target = `/${path}${query ? `?${query}` : ''}`;
  const uri = parseUri(`coap://gateway${target}`);
  if (!uri.ok) errors.push(t('composer:error.path', { reason: coapReason(uri.error) }));
  warnings.push(...paramWarnings(form.params));

  const token = tokenBytes(form);
  if (token.error) errors.push(token.error);

  const payload = payloadBytes(form.payloadMode, form.payload);
  if (!payload.ok) errors.push(payload.error);

  const observe = form.observe === 'none' ? undefined : Number(form.observe);
  if (observe === 0 && token.bytes?.length === 0)
    warnings.push(t('composer:warning.observe-empty-token'));

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
      ? t('composer:summary.token-random')
      : token.bytes.length === 0
        ? t('composer:summary.token-empty')
        : t('composer:summary.token', { hex: `0x${toHex(token.bytes)}` }),
    form.contentFormat !== undefined ? `Content-Format ${form.contentFormat}` : undefined,
    payload.ok
      ? payload.bytes.length
        ? t('composer:summary.payload', { n: payload.bytes.length })
        : t('composer:summary.no-payload')
      : t('composer:summary.payload-invalid'),
  ];
  const summary = bits.filter(Boolean).join(' · ');

  const fields = { tokenError: token.error, payloadError: payload.ok ? undefined : payload.error };
  if (errors.length || !payload.ok) return { errors, ...fields, warnings, target, topic, summary };
  const spec: RequestSpec = {
    method: form.method,
    confirmable: form.confirmable,
    path: target.slice(1),
    ...(observe !== undefined ? { observe } : {}),
    ...(token.bytes !== undefined ? { token: token.bytes } : {}),
    ...(form.contentFormat !== undefined ? { contentFormat: form.contentFormat } : {}),
    ...(payload.bytes.length ? { payload: payload.bytes } : {}),
  };
  return { spec, errors, ...fields, warnings, target, topic, summary };
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
