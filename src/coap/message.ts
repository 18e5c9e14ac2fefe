/** The four message types of RFC 7252 §3 (2-bit T field), in wire order. */
export const MESSAGE_TYPES = ['CON', 'NON', 'ACK', 'RST'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** One option as it stands on the wire: its number and raw value bytes. */
export interface CoapOption {
  number: number;
  value: Uint8Array;
}

/**
 * A CoAP message (RFC 7252 §3). `code` is `class << 5 | detail` (2.05 is 0x45).
 * `options` are in wire order (ascending number; repeated options keep their order).
 * Decoded messages hold views into the input buffer: copy before the buffer is reused.
 */
export interface CoapMessage {
  type: MessageType;
  code: number;
  messageId: number;
  token: Uint8Array;
  options: CoapOption[];
  payload: Uint8Array;
}

/** Why `decode` refused some bytes: a stable reason, the byte offset it was found at, and the rule. */
export interface DecodeError {
  reason: DecodeErrorReason;
  offset: number;
  rfc: string;
  message: string;
}

export type DecodeErrorReason =
  | 'too-short'
  | 'unsupported-version'
  | 'token-length-reserved'
  | 'token-truncated'
  | 'empty-message-not-empty'
  | 'option-delta-reserved'
  | 'option-length-reserved'
  | 'option-delta-truncated'
  | 'option-length-truncated'
  | 'option-value-truncated'
  | 'option-number-too-large'
  | 'payload-marker-without-payload';

export type DecodeResult = { ok: true; message: CoapMessage } | { ok: false; error: DecodeError };

export const EMPTY: Uint8Array = new Uint8Array(0);
