import { OPT, encode, encodeUint, optionName, parseUri, withOption } from '../../coap';
import type { CoapMessage } from '../../coap';
import type { RequestSpec } from '../../sim';

const METHOD_CODES = { GET: 1, POST: 2, PUT: 3, DELETE: 4 } as const;

/** Bytes of a random token the simulated client draws (SimCoapClient: 4 random bytes). */
export const RANDOM_TOKEN_LENGTH = 4;

/**
 * The message a simulated client builds for `spec` (the same steps as `buildRequest` in
 * src/sim/coap-client.ts, which the page may not import): Uri-Path and Uri-Query from the path,
 * no Uri-Host or Uri-Port, then Observe, Content-Format and extra options in number order.
 */
export function requestMessage(
  spec: RequestSpec,
  messageId: number,
  token: Uint8Array,
): { ok: true; message: CoapMessage } | { ok: false; error: string } {
  const uri = parseUri(`coap://gateway/${spec.path.replace(/^\/+/, '')}`);
  if (!uri.ok) return uri;
  let options = uri.uri.options.filter((o) => o.number !== OPT.UriHost);
  if (spec.observe !== undefined)
    options = withOption(options, { number: OPT.Observe, value: encodeUint(spec.observe) });
  if (spec.contentFormat !== undefined)
    options = withOption(options, {
      number: OPT.ContentFormat,
      value: encodeUint(spec.contentFormat),
    });
  for (const o of spec.options ?? []) options = withOption(options, o);
  if (token.length > 8)
    return { ok: false, error: `a token has at most 8 bytes; this one has ${token.length}` };
  return {
    ok: true,
    message: {
      type: spec.confirmable ? 'CON' : 'NON',
      code: typeof spec.method === 'number' ? spec.method : METHOD_CODES[spec.method],
      messageId,
      token,
      options,
      payload: spec.payload ?? new Uint8Array(0),
    },
  };
}

export type ByteRole = 'header' | 'message-id' | 'token' | 'option' | 'marker' | 'payload';

/** A run of bytes with one meaning, for colouring the preview and naming it on hover. */
export interface ByteSpan {
  role: ByteRole;
  start: number;
  end: number;
  /** `Uri-Path "ps"`, `Message ID`, … */
  label: string;
  /** Not known until the client sends it (message ID, random token): shown as `··`. */
  pending?: boolean;
  /** Options alternate, so neighbours stay apart. */
  alt?: boolean;
}

export interface Preview {
  bytes: Uint8Array;
  spans: ByteSpan[];
}

/**
 * The bytes of the request before it is sent. The message ID is the client's next one, and a
 * random token is drawn on send: both are placeholders here (zeros, marked `pending`).
 */
export function previewRequest(
  spec: RequestSpec,
): { ok: true; preview: Preview } | { ok: false; error: string } {
  const randomToken = spec.token === undefined;
  const token = spec.token ?? new Uint8Array(RANDOM_TOKEN_LENGTH);
  const built = requestMessage(spec, 0, token);
  if (!built.ok) return built;
  let bytes: Uint8Array;
  try {
    bytes = encode(built.message);
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  const spans: ByteSpan[] = [
    { role: 'header', start: 0, end: 2, label: 'Version, type, token length, code' },
    { role: 'message-id', start: 2, end: 4, label: 'Message ID: assigned on send', pending: true },
  ];
  let i = 4;
  if (token.length) {
    spans.push({
      role: 'token',
      start: 4,
      end: 4 + token.length,
      label: randomToken ? 'Token: random, assigned on send' : 'Token',
      pending: randomToken,
    });
    i += token.length;
  }
  // Walk the options (RFC 7252 §3.1): a nibble of 13 or 14 means 1 or 2 extended bytes.
  let number = 0;
  let k = 0;
  while (i < bytes.length && bytes[i] !== 0xff) {
    const start = i;
    const head = bytes[i++];
    const ext = (nibble: number): number => {
      if (nibble === 13) return bytes[i++] + 13;
      if (nibble === 14) {
        const v = ((bytes[i] << 8) | bytes[i + 1]) + 269;
        i += 2;
        return v;
      }
      return nibble;
    };
    number += ext(head >> 4);
    const length = ext(head & 0x0f);
    const value = bytes.subarray(i, i + length);
    i += length;
    const text = new TextDecoder().decode(value);
    const shown =
      number === OPT.UriPath || number === OPT.UriQuery
        ? ` "${text}"`
        : value.length
          ? ` ${value.reduce((n, b) => n * 256 + b, 0)}`
          : ' (0 bytes = 0)';
    spans.push({
      role: 'option',
      start,
      end: i,
      label: `${optionName(number)}${shown}`,
      alt: k++ % 2 === 1,
    });
  }
  if (i < bytes.length) {
    spans.push({ role: 'marker', start: i, end: i + 1, label: 'Payload marker 0xFF' });
    spans.push({
      role: 'payload',
      start: i + 1,
      end: bytes.length,
      label: `Payload, ${bytes.length - i - 1} byte${bytes.length - i - 1 === 1 ? '' : 's'}`,
    });
  }
  return { ok: true, preview: { bytes, spans } };
}
