import { CODES, OPT, formatUri, parseUri, toHex } from '../../coap';
import type { RequestSpec } from '../../coap';
import { i18n } from '../i18n/i18n';
import { coapReason } from './form';

// Notes and reasons are said in the page's language at the time of the call.
const t = (id: string, values?: Record<string, string | number>) => i18n.t(id, values);

/**
 * The libcoap command line that sends the same request from a real shell, through the relay.
 * Every flag's wire effect below was checked against coap-client-notls 4.3.1 (Debian bookworm's
 * libcoap3-bin; there is no plain `coap-client` there) by capturing what it sent
 * (docs/tooling.md, and the libcoap test beside this file).
 */
export interface CoapClientTarget {
  /** Where the relay listens. */
  host: string;
  port: number;
  /**
   * For Observe=0: how many seconds `-s` keeps observing (default 60, as in the document).
   * 0 uses `-O 6,0x00` instead: coap-client prints the first response, then deregisters.
   */
  observeSeconds?: number;
}

export type CoapClientCommand =
  { ok: true; command: string; notes: string[] } | { ok: false; error: string };

export const COAP_CLIENT_BINARY = 'coap-client-notls';

/** Characters a POSIX shell never treats specially in a word. */
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** A word quoted for any POSIX shell: single quotes, with `'` written as `'\''`. */
export function shellQuote(word: string): string {
  if (SHELL_SAFE.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

const METHOD_NAMES: Readonly<Record<number, string>> = {
  [CODES.GET]: 'get',
  [CODES.POST]: 'post',
  [CODES.PUT]: 'put',
  [CODES.DELETE]: 'delete',
  [CODES.FETCH]: 'fetch',
  [CODES.PATCH]: 'patch',
  [CODES.IPATCH]: 'ipatch',
};
const METHOD_NUMBERS = { GET: 1, POST: 2, PUT: 3, DELETE: 4 } as const;

/**
 * The `-e` text for some payload bytes. coap-client percent-decodes `-e` (libcoap's
 * `cmdline_input`), so any byte can be given inline as `%XX`, and a `%` must be written `%25`:
 * a `%` not followed by two hex digits makes coap-client silently send no payload at all.
 * Valid UTF-8 text stays readable; control characters and bytes of invalid UTF-8 become `%XX`.
 */
export function payloadArgument(bytes: Uint8Array): { text: string; escaped: boolean } {
  const hex = (b: number) => '%' + b.toString(16).toUpperCase().padStart(2, '0');
  let text = '';
  let escaped = false;
  let decoded: string | undefined;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    decoded = undefined;
  }
  if (decoded !== undefined) {
    for (const ch of decoded) {
      const c = ch.codePointAt(0) ?? 0;
      if (ch === '%' || c < 0x20 || c === 0x7f) {
        text += hex(c);
        escaped ||= ch !== '%';
      } else text += ch;
    }
  } else {
    escaped = true;
    for (const b of bytes)
      text += b >= 0x20 && b < 0x7f && b !== 0x25 ? String.fromCharCode(b) : hex(b);
  }
  return { text, escaped };
}

/**
 * The `-T` text that makes coap-client put `token` on the wire, or why none can.
 *
 * libcoap's quirk: `-T` is the *starting* token. coap-client reads it as a big-endian number
 * (at most 8 bytes), adds 1 before each request and sends the result in the fewest bytes:
 * `-T obstoken` goes out as `obstokeo`, `-T ab` as `ac`, `-T ''` as `01`, `-T a<0xff>` as
 * `b<0x00>`. So to send token X we pass X − 1. That works when X − 1 is printable ASCII (it has to
 * survive a command line and a clipboard), X is not empty and does not start with a zero byte
 * (libcoap never sends those).
 */
export function tokenArgument(
  token: Uint8Array,
): { ok: true; text: string } | { ok: false; reason: string } {
  if (token.length === 0)
    return {
      ok: false,
      reason: t('composer:cmd.reason.empty'),
    };
  if (token[0] === 0)
    return {
      ok: false,
      reason: t('composer:cmd.reason.zero', { hex: `0x${toHex(token)}` }),
    };
  const prev = Uint8Array.from(token);
  for (let i = prev.length - 1; i >= 0; i--) {
    if (prev[i] > 0) {
      prev[i]--;
      break;
    }
    prev[i] = 0xff; // borrow
  }
  let start = 0;
  while (start < prev.length && prev[start] === 0) start++; // leading zeros do not change the number
  const bytes = prev.subarray(start);
  if (!bytes.every((b) => b >= 0x20 && b < 0x7f))
    return {
      ok: false,
      reason: t('composer:cmd.reason.unprintable', {
        hex: `0x${toHex(token)}`,
        text: `0x${toHex(bytes)}`,
      }),
    };
  return { ok: true, text: String.fromCharCode(...bytes) };
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * The coap-client command for a request spec, sent to the relay at `target`, with notes on what
 * differs on the wire (the message ID is always coap-client's own). Pure.
 */
export function toCoapClientCommand(
  spec: RequestSpec,
  target: CoapClientTarget,
  /** For a memo's dependencies: the notes follow the page's current language. */
  language?: string,
): CoapClientCommand {
  void language;
  const code = typeof spec.method === 'number' ? spec.method : METHOD_NUMBERS[spec.method];
  const method = METHOD_NAMES[code];
  if (!method)
    return {
      ok: false,
      error: t('composer:cmd.method', { code: String(code) }),
    };
  const parsed = parseUri(`coap://gateway/${spec.path.replace(/^\/+/, '')}`);
  if (!parsed.ok) return { ok: false, error: coapReason(parsed.error) };
  const pathOptions = parsed.uri.options.filter((o) => o.number !== OPT.UriHost);
  const uri = formatUri(pathOptions, { host: target.host, port: target.port });

  const args: string[] = [COAP_CLIENT_BINARY, '-m', method];
  const notes: string[] = [];
  if (!spec.confirmable) args.push('-N');

  if (spec.observe === 0) {
    const seconds = target.observeSeconds ?? 60;
    if (seconds > 0) {
      // With -s libcoap adds its own 0-length Observe (= 0), exactly what the composer sends;
      // an -O 6,0x00 beside it (as in the document) is replaced, so it is left out.
      args.push('-s', String(seconds));
      notes.push(t('composer:cmd.observe-s', { s: seconds }));
    } else {
      args.push('-O', '6,0x00');
      notes.push(t('composer:cmd.observe-o'));
    }
  } else if (spec.observe !== undefined) {
    args.push('-O', `6,0x${toHex(encodeMinimal(spec.observe)) || '00'}`);
  }

  if (spec.token === undefined) {
    notes.push(t('composer:cmd.token-random'));
  } else {
    const tok = tokenArgument(spec.token);
    if (tok.ok) {
      args.push('-T', shellQuote(tok.text));
      const hex = `0x${toHex(spec.token)}`;
      const arg = `-T ${shellQuote(tok.text)}`;
      notes.push(
        printable(spec.token)
          ? t('composer:cmd.token-text', {
              arg,
              hex,
              text: `"${String.fromCharCode(...spec.token)}"`,
            })
          : t('composer:cmd.token', { arg, hex }),
      );
    } else notes.push(t('composer:cmd.token-none', { reason: tok.reason }));
  }

  if (spec.contentFormat !== undefined) args.push('-t', String(spec.contentFormat));
  for (const o of spec.options ?? [])
    args.push('-O', o.value.length ? `${o.number},0x${toHex(o.value)}` : String(o.number));

  const literal = IPV4.test(target.host) || target.host.includes(':');
  if (!literal || target.port !== 5683) {
    // A host name adds Uri-Host and a non-default port adds Uri-Port; the composer sends neither.
    args.push('-U');
    notes.push(t('composer:cmd.uri-host'));
  }

  if (spec.payload && spec.payload.length) {
    const p = payloadArgument(spec.payload);
    args.push('-e', shellQuote(p.text));
    if (p.escaped) notes.push(t('composer:cmd.payload-escaped'));
    else if (p.text.includes('%25')) notes.push(t('composer:cmd.payload-percent'));
  }
  if (spec.messageId !== undefined)
    notes.push(t('composer:cmd.message-id', { mid: String(spec.messageId) }));

  args.push(shellQuote(uri));
  return { ok: true, command: args.join(' '), notes };
}

function printable(bytes: Uint8Array): boolean {
  return bytes.every((b) => b >= 0x20 && b < 0x7f);
}

function encodeMinimal(n: number): Uint8Array {
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v % 256);
  return Uint8Array.from(out);
}
