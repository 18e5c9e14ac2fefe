// The `curl` command for each management API call the Operator view makes: the same call, made
// from a terminal against the relay (`npm start`), with its key or a placeholder.
import type { OperatorCall } from '../../worker/api';

/** The placeholder when the page does not know the key (npm start prints it). */
export const KEY_PLACEHOLDER = 'KEY:SECRET';

/** A shell word in single quotes (a quote inside is closed, escaped and reopened). */
export const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The path of a client's resource, its id percent-encoded as one segment. */
export const clientPath = (clientid: string, rest = ''): string =>
  `/gateways/coap/clients/${encodeURIComponent(clientid)}${rest}`;

/**
 * `curl -u KEY:SECRET [-X METHOD] [-H … -d BODY] URL` for `call` against the relay at `base`
 * (`http://127.0.0.1:5173`).
 */
export function curlCommand(call: OperatorCall, base: string, key = KEY_PLACEHOLDER): string {
  const query = call.query.length ? `?${new URLSearchParams(call.query)}` : '';
  const url = `${base.replace(/\/$/, '')}/api/v5${call.path}${query}`;
  const parts = ['curl', '-u', shellQuote(key || KEY_PLACEHOLDER)];
  if (call.body !== undefined)
    parts.push(
      '-H',
      shellQuote('content-type: application/json'),
      '-d',
      shellQuote(JSON.stringify(call.body)),
    );
  if (call.method === 'DELETE' || (call.method === 'POST' && call.body === undefined))
    parts.push('-X', call.method);
  parts.push(shellQuote(url));
  return parts.join(' ');
}
