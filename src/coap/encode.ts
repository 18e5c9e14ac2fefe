import type { CoapMessage, CoapOption } from './message';

const TYPE_BITS = { CON: 0, NON: 1, ACK: 2, RST: 3 } as const;

class EncodeError extends Error {
  constructor(field: string, problem: string) {
    super(`cannot encode CoAP message: ${field} ${problem}`);
    this.name = 'EncodeError';
  }
}

/** Copies small arrays byte by byte: for a few bytes that beats `TypedArray.set`'s call overhead. */
function copyInto(out: Uint8Array, src: Uint8Array, at: number): number {
  const n = src.length;
  if (n > 32) out.set(src, at);
  else for (let j = 0; j < n; j++) out[at + j] = src[j];
  return at + n;
}

/** Bytes an extended delta or length takes (RFC 7252 §3.1): 0, 1 (13..268) or 2 (269..65804). */
const extBytes = (v: number): number => (v < 13 ? 0 : v < 269 ? 1 : 2);

function sortedOptions(options: readonly CoapOption[]): readonly CoapOption[] {
  for (let i = 1; i < options.length; i++) {
    if (options[i].number < options[i - 1].number) {
      // Stable sort keeps repeated options (Uri-Path segments) in the order given.
      return [...options].sort((a, b) => a.number - b.number);
    }
  }
  return options;
}

/**
 * Encodes a message to its bytes (RFC 7252 §3). Options are written in ascending number order
 * (a stable sort, so repeated options keep their order). Throws only when the caller built the
 * message wrongly, naming the field.
 */
export function encode(m: CoapMessage): Uint8Array {
  const tkl = m.token.length;
  if (tkl > 8) throw new EncodeError('token', `is ${tkl} bytes; at most 8 (RFC 7252 §3)`);
  if (!(m.code >= 0 && m.code <= 0xff) || !Number.isInteger(m.code)) {
    throw new EncodeError('code', `${m.code} is not a byte`);
  }
  if (!(m.messageId >= 0 && m.messageId <= 0xffff) || !Number.isInteger(m.messageId)) {
    throw new EncodeError('messageId', `${m.messageId} is not in 0..65535`);
  }
  const typeBits: unknown = TYPE_BITS[m.type];
  // typeof, not `=== undefined`: a wrong type such as 'toString' finds Object.prototype's function.
  if (typeof typeBits !== 'number')
    throw new EncodeError('type', `'${String(m.type)}' is not CON, NON, ACK or RST`);
  const options = sortedOptions(m.options);
  const payloadLength = m.payload.length;
  if (m.code === 0 && (tkl > 0 || options.length > 0 || payloadLength > 0)) {
    throw new EncodeError(
      'code',
      '0.00 (Empty) must carry no token, options or payload (RFC 7252 §4.1)',
    );
  }

  let size = 4 + tkl + (payloadLength > 0 ? 1 + payloadLength : 0);
  let prev = 0;
  for (let k = 0; k < options.length; k++) {
    const o = options[k];
    const n = o.number;
    if (!Number.isInteger(n) || n < 0 || n > 0xffff) {
      throw new EncodeError(`options[${k}].number`, `${n} is not in 0..65535`);
    }
    const l = o.value.length;
    if (l > 65804) throw new EncodeError(`options[${k}].value`, `is ${l} bytes; at most 65804`);
    size += 1 + extBytes(n - prev) + extBytes(l) + l;
    prev = n;
  }

  const out = new Uint8Array(size);
  out[0] = 0x40 | (typeBits << 4) | tkl;
  out[1] = m.code;
  out[2] = m.messageId >> 8;
  out[3] = m.messageId & 0xff;
  let i = 4;
  if (tkl > 0) i = copyInto(out, m.token, i);
  prev = 0;
  for (let k = 0; k < options.length; k++) {
    const o = options[k];
    const delta = o.number - prev;
    prev = o.number;
    const value = o.value;
    const l = value.length;
    const head = i++;
    let dn: number;
    if (delta < 13) dn = delta;
    else if (delta < 269) {
      dn = 13;
      out[i++] = delta - 13;
    } else {
      dn = 14;
      out[i++] = (delta - 269) >> 8;
      out[i++] = (delta - 269) & 0xff;
    }
    let ln: number;
    if (l < 13) ln = l;
    else if (l < 269) {
      ln = 13;
      out[i++] = l - 13;
    } else {
      ln = 14;
      out[i++] = (l - 269) >> 8;
      out[i++] = (l - 269) & 0xff;
    }
    out[head] = (dn << 4) | ln;
    i = copyInto(out, value, i);
  }
  if (payloadLength > 0) {
    out[i++] = 0xff;
    copyInto(out, m.payload, i);
  }
  return out;
}
