import type { CoapMessage, DecodeResult } from '../coap';
import {
  OPT,
  codeName,
  decode,
  getUintOption,
  isRequestCode,
  toHex,
  uriPath,
  uriQuery,
} from '../coap';

/** A one-line description of a datagram for lists, computed once in the worker. */
export interface DatagramSummary {
  ok: boolean;
  type?: 'CON' | 'NON' | 'ACK' | 'RST';
  /** `0.02 POST`, `2.05 Content` */
  code?: string;
  codeValue?: number;
  messageId?: number;
  token?: string;
  /** `/ps/coap/test?c=1` for requests */
  path?: string;
  observe?: number;
  payloadLength?: number;
  /** The decode error's reason and offset, when it did not decode. */
  error?: string;
}

/** A one-line summary of a datagram, computed once in the worker so lists never decode. */
export function summarizeBytes(bytes: Uint8Array): DatagramSummary {
  return summarizeDecoded(bytes, decode(bytes));
}

/** The summary of `bytes` from their decode result, for a caller that already decoded them. */
export function summarizeDecoded(bytes: Uint8Array, r: DecodeResult): DatagramSummary {
  if (!r.ok) {
    const b0 = bytes[0] ?? 0;
    return {
      ok: false,
      type:
        bytes.length >= 1 && b0 >> 6 === 1
          ? (['CON', 'NON', 'ACK', 'RST'] as const)[(b0 >> 4) & 3]
          : undefined,
      messageId: bytes.length >= 4 ? (bytes[2] << 8) | bytes[3] : undefined,
      error: `${r.error.reason} at byte ${r.error.offset}`,
      payloadLength: 0,
    };
  }
  return summarizeMessage(r.message);
}

/** The same summary for a message already decoded (or about to be encoded): no second decode. */
export function summarizeMessage(m: CoapMessage): DatagramSummary {
  let path: string | undefined;
  if (isRequestCode(m.code)) {
    const query = uriQuery(m.options);
    path = `/${uriPath(m.options).join('/')}${query.length ? '?' + query.join('&') : ''}`;
  }
  return {
    ok: true,
    type: m.type,
    code: codeName(m.code),
    codeValue: m.code,
    messageId: m.messageId,
    token: toHex(m.token),
    path,
    observe: getUintOption(m, OPT.Observe),
    payloadLength: m.payload.length,
  };
}
