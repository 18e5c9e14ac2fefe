import type { CoapMessage, CoapOption } from './message';
import { EMPTY } from './message';

const utf8Decoder = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

/** RFC 7252 §3.2: uint values are big-endian in the fewest bytes; 0 is the empty string. */
export function encodeUint(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new RangeError(`uint option value must be an integer in 0..4294967295, got ${n}`);
  }
  if (n === 0) return EMPTY;
  if (n < 0x100) return Uint8Array.of(n);
  if (n < 0x10000) return Uint8Array.of(n >>> 8, n & 0xff);
  if (n < 0x1000000) return Uint8Array.of(n >>> 16, (n >>> 8) & 0xff, n & 0xff);
  return Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

/** Reads a big-endian uint of any length up to 4 bytes (leading zeros allowed, as receivers must). */
export function decodeUint(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) n = n * 256 + bytes[i];
  return n;
}

export const encodeString = (s: string): Uint8Array => utf8Encoder.encode(s);
/**
 * UTF-8 text of `bytes` (invalid sequences become U+FFFD). Short ASCII, what Uri-Path and
 * Uri-Query options nearly always hold, is read directly: TextDecoder's per-call cost is many
 * times the work for a few bytes, and every request decodes several options.
 */
export function decodeString(bytes: Uint8Array): string {
  const n = bytes.length;
  if (n > 32) return utf8Decoder.decode(bytes);
  let s = '';
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b >= 0x80) return utf8Decoder.decode(bytes);
    s += String.fromCharCode(b);
  }
  return s;
}

/** The first option with this number, or undefined. */
export function getOption(m: Pick<CoapMessage, 'options'>, n: number): CoapOption | undefined {
  for (const o of m.options) if (o.number === n) return o;
  return undefined;
}

/** Every option with this number, in wire order. */
export function getOptions(m: Pick<CoapMessage, 'options'>, n: number): CoapOption[] {
  return m.options.filter((o) => o.number === n);
}

export function getUintOption(m: Pick<CoapMessage, 'options'>, n: number): number | undefined {
  const o = getOption(m, n);
  return o === undefined ? undefined : decodeUint(o.value);
}

export function getStringOptions(m: Pick<CoapMessage, 'options'>, n: number): string[] {
  return getOptions(m, n).map((o) => decodeString(o.value));
}

/**
 * Inserts an option where RFC 7252 §3.1 wants it: after every option with a number ≤ n, so that
 * options stay sorted and repeated ones keep their order. Returns a new array.
 */
export function withOption(options: readonly CoapOption[], option: CoapOption): CoapOption[] {
  let i = options.length;
  while (i > 0 && options[i - 1].number > option.number) i--;
  return [...options.slice(0, i), option, ...options.slice(i)];
}

export const uintOption = (number: number, value: number): CoapOption => ({
  number,
  value: encodeUint(value),
});
export const stringOption = (number: number, value: string): CoapOption => ({
  number,
  value: encodeString(value),
});

/** Lower-case hex of some bytes, e.g. `6f6273`. */
export function toHex(bytes: Uint8Array, separator = ''): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    if (i > 0 && separator) s += separator;
    s += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
  }
  return s;
}

/**
 * Parses hex as people paste it: any case, optional `0x`, whitespace, `:` or `-` between bytes.
 * Returns an error message instead of throwing.
 */
export function parseHex(
  text: string,
): { ok: true; bytes: Uint8Array } | { ok: false; error: string } {
  const cleaned = text.replace(/0x/gi, '').replace(/[\s:,-]/g, '');
  if (!/^[0-9a-fA-F]*$/.test(cleaned)) {
    const bad = /[^0-9a-fA-F]/.exec(cleaned);
    return { ok: false, error: `not a hex digit: '${bad?.[0] ?? ''}'` };
  }
  if (cleaned.length % 2 !== 0) return { ok: false, error: 'odd number of hex digits' };
  const bytes = new Uint8Array(cleaned.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(cleaned.substr(i * 2, 2), 16);
  return { ok: true, bytes };
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
