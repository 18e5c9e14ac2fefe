import type { CoapMessage, CoapOption } from './message';
import { OPT } from './options';
import { parseUri } from './uri';
import { encodeUint, withOption } from './values';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
const METHOD_CODES: Record<Method, number> = { GET: 1, POST: 2, PUT: 3, DELETE: 4 };

/** A request as the composer describes it. */
export interface RequestSpec {
  method: Method | number;
  confirmable: boolean;
  /** Path and query as in a URI, e.g. `ps/coap/test?c=123&t=3404490787` (percent-encoding allowed). */
  path: string;
  /** Observe: 0 registers, 1 deregisters. */
  observe?: number;
  /** Token bytes; default 4 random bytes. Empty is allowed (and is what `observe without token` needs). */
  token?: Uint8Array;
  contentFormat?: number;
  payload?: Uint8Array;
  /** Any further options (number + raw value). */
  options?: CoapOption[];
  /** Message ID to use; default the sender's next one. */
  messageId?: number;
}

/**
 * The message a spec describes: Uri-Path and Uri-Query from the path (RFC 7252 §6.4, no Uri-Host
 * or Uri-Port), then Observe, Content-Format and extra options in number order; or what is wrong.
 */
export function buildRequest(
  spec: RequestSpec,
  messageId: number,
  token: Uint8Array,
): { ok: true; message: CoapMessage } | { ok: false; error: string } {
  const uri = parseUri(`coap://gateway/${spec.path.replace(/^\/+/, '')}`);
  if (!uri.ok) return { ok: false, error: uri.error };
  let options = uri.uri.options.filter((o) => o.number !== OPT.UriHost);
  if (spec.observe !== undefined)
    options = withOption(options, { number: OPT.Observe, value: encodeUint(spec.observe) });
  if (spec.contentFormat !== undefined) {
    options = withOption(options, {
      number: OPT.ContentFormat,
      value: encodeUint(spec.contentFormat),
    });
  }
  for (const o of spec.options ?? []) options = withOption(options, o);
  const code = typeof spec.method === 'number' ? spec.method : METHOD_CODES[spec.method];
  if (token.length > 8)
    return { ok: false, error: `a token has at most 8 bytes; this one has ${token.length}` };
  return {
    ok: true,
    message: {
      type: spec.confirmable ? 'CON' : 'NON',
      code,
      messageId,
      token,
      options,
      payload: spec.payload ?? new Uint8Array(0),
    },
  };
}
