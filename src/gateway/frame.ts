import type { CoapMessage, CoapOption } from '../coap';
import { OPT, codeClass, isCritical, optionDefinition } from '../coap';
import type { Profile } from './config';
import { say, type Msg } from './words';

/**
 * The reference's frame-level checks on a decoded message (gateway-behaviour §1.3, emqx_coap_frame, 6.1.1+).
 * `ok` carries the message with unknown elective options dropped and duplicate elective options
 * reduced to the first.
 */
export type FrameCheck =
  | { kind: 'ok'; message: CoapMessage }
  /** A message format error: RST if it was CON, otherwise ignored. */
  | { kind: 'format-error'; reason: Msg }
  /** A request error: a piggy-backed error response with an empty payload. */
  | { kind: 'request-error'; code: number; reason: Msg }
  /** Silently ignored (e.g. an unknown response code). */
  | { kind: 'ignore'; reason: Msg };

/**
 * The options the reference's frame knows (emqx_coap_frame:decode_option/2). No-Response (258)
 * and Size2 (28) are not among them: as even numbers they are unknown electives, dropped.
 */
const KNOWN = new Set([1, 3, 4, 5, 6, 7, 8, 11, 12, 14, 15, 17, 20, 23, 27, 35, 39, 60]);

/** Response codes the reference knows (emqx_coap_frame:class_code_to_method/1). */
const KNOWN_RESPONSES = new Set([
  0x41, 0x42, 0x43, 0x44, 0x45, 0x47, 0x5f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x88, 0x8c,
  0x8d, 0x8f, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5,
]);

/** A Block1/Block2 value the frame accepts: 0–3 bytes (gateway-behaviour §1.3) and SZX ≠ 7 (RFC 7959 §2.2). */
const validBlockValue = (v: Uint8Array): boolean =>
  v.length <= 3 && (v.length === 0 || (v[v.length - 1] & 7) !== 7);

export function checkFrame(m: CoapMessage, profile: Profile): FrameCheck {
  if (profile === '5.x') return { kind: 'ok', message: m };
  const cls = codeClass(m.code);
  if (cls === 1 || cls === 3 || cls === 6 || cls === 7) {
    return { kind: 'format-error', reason: say('frame.reserved-class', { cls: String(cls) }) };
  }
  // An option error is a request error only in a request; in a response (class 2, 4, 5) every
  // option error is a message format error (emqx_coap_frame:classify_option_error/2, test
  // t_frame_format_error_on_response_option).
  const optionError = (code: number, reason: Msg): FrameCheck =>
    cls === 0 ? { kind: 'request-error', code, reason } : { kind: 'format-error', reason };
  // The reference decodes the options one by one before it looks at the code, and the first
  // error wins (decode_option_list/3, then parse_method/8): a bad option in an unknown method
  // is 4.02, not 4.05. Each value is checked before the duplicate test (append_option/3).
  let options: CoapOption[] | undefined;
  let prev = -1;
  for (let i = 0; i < m.options.length; i++) {
    const o = m.options[i];
    const def = KNOWN.has(o.number) ? optionDefinition(o.number) : undefined;
    let drop = false;
    if (!def) {
      if (isCritical(o.number)) {
        return optionError(0x82, say('frame.unknown-critical', { option: String(o.number) }));
      }
      drop = true; // unknown elective: dropped
    } else if (o.number === OPT.IfNoneMatch && o.value.length > 0) {
      return optionError(0x82, say('frame.if-none-match'));
    } else if ((o.number === OPT.Block1 || o.number === OPT.Block2) && !validBlockValue(o.value)) {
      return optionError(0x80, say('frame.bad-block', { option: def.name }));
    } else if (o.number === prev && !def.repeatable) {
      if (isCritical(o.number)) {
        return optionError(0x82, say('frame.repeated', { option: def.name }));
      }
      drop = true; // duplicate elective: the first value is kept
    }
    prev = o.number;
    if (drop) options ??= m.options.slice(0, i);
    else options?.push(o);
  }
  if (cls === 0 && m.code > 0x04) {
    return {
      kind: 'request-error',
      code: 0x85,
      reason: say('frame.unknown-method', { code: `0.${String(m.code).padStart(2, '0')}` }),
    };
  }
  if (cls !== 0 && !KNOWN_RESPONSES.has(m.code)) {
    return { kind: 'ignore', reason: say('frame.unknown-response') };
  }
  return { kind: 'ok', message: options ? { ...m, options } : m };
}
