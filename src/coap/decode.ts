import type { CoapOption, DecodeErrorReason, DecodeResult } from './message';
import { EMPTY, MESSAGE_TYPES } from './message';

const RULES: Record<DecodeErrorReason, { rfc: string; message: string }> = {
  'too-short': {
    rfc: '7252 §3',
    message: 'a CoAP message has a 4-byte header; fewer bytes arrived',
  },
  'unsupported-version': {
    rfc: '7252 §3',
    message:
      'the version field (first two bits) must be 1; messages of other versions are silently ignored',
  },
  'token-length-reserved': {
    rfc: '7252 §3',
    message:
      'token length (low nibble of byte 0) is 9–15, which is reserved: a message format error',
  },
  'token-truncated': { rfc: '7252 §3', message: 'the token is shorter than the token length says' },
  'empty-message-not-empty': {
    rfc: '7252 §4.1',
    message:
      'an Empty message (code 0.00) must have no token, options or payload after the Message ID',
  },
  'option-delta-reserved': {
    rfc: '7252 §3.1',
    message: 'option delta nibble 15 is reserved unless the whole byte is the payload marker 0xFF',
  },
  'option-length-reserved': { rfc: '7252 §3.1', message: 'option length nibble 15 is reserved' },
  'option-delta-truncated': {
    rfc: '7252 §3.1',
    message: 'the extended option delta runs past the end of the message',
  },
  'option-length-truncated': {
    rfc: '7252 §3.1',
    message: 'the extended option length runs past the end of the message',
  },
  'option-value-truncated': {
    rfc: '7252 §3.1',
    message: 'the option value runs past the end of the message',
  },
  'option-number-too-large': {
    rfc: '7252 §3.1',
    message: 'option numbers are 16-bit; the deltas add up past 65535',
  },
  'payload-marker-without-payload': {
    rfc: '7252 §3',
    message: 'a payload marker 0xFF followed by a zero-length payload is a message format error',
  },
};

function fail(reason: DecodeErrorReason, offset: number): DecodeResult {
  const rule = RULES[reason];
  return { ok: false, error: { reason, offset, rfc: rule.rfc, message: rule.message } };
}

/**
 * Decodes one CoAP message (RFC 7252 §3). Never throws: bad bytes give `{ ok: false, error }` with
 * the reason, the byte offset where it was found and the rule. Token, option values and payload are
 * views into `bytes` (zero-copy). Reserved code classes and unknown options are decoded as they
 * are: what they mean is the receiver's business (the gateway answers them, gateway-behaviour §1.3).
 */
export function decode(bytes: Uint8Array): DecodeResult {
  const len = bytes.length;
  if (len < 4) return fail('too-short', 0);
  const b0 = bytes[0];
  if (b0 >> 6 !== 1) return fail('unsupported-version', 0);
  const tkl = b0 & 0x0f;
  if (tkl > 8) return fail('token-length-reserved', 0);
  const code = bytes[1];
  if (code === 0 && (tkl !== 0 || len > 4)) return fail('empty-message-not-empty', tkl ? 0 : 4);
  let i = 4 + tkl;
  if (i > len) return fail('token-truncated', 4);
  // `new Uint8Array(buffer, offset, length)` is a view like `subarray`, without its species lookup.
  const buffer = bytes.buffer;
  const base = bytes.byteOffset;
  const token = tkl === 0 ? EMPTY : new Uint8Array(buffer, base + 4, tkl);
  const options: CoapOption[] = [];
  let payload = EMPTY;
  let number = 0;
  while (i < len) {
    const start = i;
    const b = bytes[i++];
    if (b === 0xff) {
      if (i === len) return fail('payload-marker-without-payload', start);
      payload = new Uint8Array(buffer, base + i, len - i);
      break;
    }
    let delta = b >> 4;
    let length = b & 0x0f;
    if (delta >= 13) {
      if (delta === 15) return fail('option-delta-reserved', start);
      // Both nibbles sit in the byte at `start`: a reserved length nibble is found there, before
      // any extended delta byte is read (so `0xDF` at the end is length-reserved, not truncated).
      if (length === 15) return fail('option-length-reserved', start);
      if (delta === 13) {
        if (i >= len) return fail('option-delta-truncated', i);
        delta = bytes[i++] + 13;
      } else {
        if (i + 1 >= len) return fail('option-delta-truncated', i);
        delta = ((bytes[i] << 8) | bytes[i + 1]) + 269;
        i += 2;
      }
    }
    if (length >= 13) {
      if (length === 13) {
        if (i >= len) return fail('option-length-truncated', i);
        length = bytes[i++] + 13;
      } else if (length === 14) {
        if (i + 1 >= len) return fail('option-length-truncated', i);
        length = ((bytes[i] << 8) | bytes[i + 1]) + 269;
        i += 2;
      } else return fail('option-length-reserved', start);
    }
    number += delta;
    if (number > 0xffff) return fail('option-number-too-large', start);
    const end = i + length;
    if (end > len) return fail('option-value-truncated', i);
    options.push({
      number,
      value: length === 0 ? EMPTY : new Uint8Array(buffer, base + i, length),
    });
    i = end;
  }
  return {
    ok: true,
    message: {
      type: MESSAGE_TYPES[(b0 >> 4) & 3],
      code,
      messageId: (bytes[2] << 8) | bytes[3],
      token,
      options,
      payload,
    },
  };
}
