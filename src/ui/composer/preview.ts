import { OPT, buildRequest, encode, optionName } from '../../coap';
import type { RequestSpec } from '../../coap';
import { i18n } from '../i18n/i18n';

/** Bytes of a random token the simulated client draws (SimCoapClient: 4 random bytes). */
export const RANDOM_TOKEN_LENGTH = 4;

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
 * random token is drawn on send: both are placeholders here (zeros, marked `pending`). Labels are
 * in the page's language (`language` is there for a memo's dependencies).
 */
export function previewRequest(
  spec: RequestSpec,
  language?: string,
): { ok: true; preview: Preview } | { ok: false; error: string } {
  void language;
  const t = (id: string, values?: Record<string, string | number>) => i18n.t(id, values);
  const randomToken = spec.token === undefined;
  const token = spec.token ?? new Uint8Array(RANDOM_TOKEN_LENGTH);
  const built = buildRequest(spec, 0, token);
  if (!built.ok) return built;
  let bytes: Uint8Array;
  try {
    bytes = encode(built.message);
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  const spans: ByteSpan[] = [
    { role: 'header', start: 0, end: 2, label: t('composer:bytes.header') },
    {
      role: 'message-id',
      start: 2,
      end: 4,
      label: t('composer:bytes.message-id'),
      pending: true,
    },
  ];
  let i = 4;
  if (token.length) {
    spans.push({
      role: 'token',
      start: 4,
      end: 4 + token.length,
      label: randomToken ? t('composer:bytes.token-random') : t('composer:bytes.token'),
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
          : ` ${t('composer:bytes.empty-option')}`;
    spans.push({
      role: 'option',
      start,
      end: i,
      label: `${optionName(number)}${shown}`,
      alt: k++ % 2 === 1,
    });
  }
  if (i < bytes.length) {
    spans.push({ role: 'marker', start: i, end: i + 1, label: t('composer:bytes.marker') });
    spans.push({
      role: 'payload',
      start: i + 1,
      end: bytes.length,
      label: t('composer:bytes.payload', { n: bytes.length - i - 1 }),
    });
  }
  return { ok: true, preview: { bytes, spans } };
}
