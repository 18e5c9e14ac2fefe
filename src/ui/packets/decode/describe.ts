import {
  CONTENT_FORMATS,
  OPT,
  blockSize,
  codeClass,
  codeName,
  decodeBlock,
  decodeUint,
  formatBlock,
  formatUri,
  isCritical,
  isNoCacheKey,
  isRequestCode,
  isUnsafe,
  optionDefinition,
  optionName,
  toHex,
  type CoapMessage,
  type CoapOption,
} from '../../../coap/index';
import type { FieldId } from './layout';

/** One line of the decoded tree: what the field is, what it says, and an optional gloss. */
export interface FieldRow {
  field: FieldId;
  name: string;
  value: string;
  note?: string;
  /** Bits within byte 0 for the header bit fields, e.g. `bits 7–6`. */
  bits?: string;
}

export interface OptionRow extends FieldRow {
  number: number;
  length: number;
  critical: boolean;
  unsafe: boolean;
  noCacheKey: boolean;
  /** Set when the value's length is outside the registry's bounds for this option. */
  warning?: string;
}

export interface PayloadView {
  length: number;
  /** The payload as UTF-8 text, or undefined when it is not valid UTF-8. */
  text: string | undefined;
  hex: string;
}

export interface DecodedView {
  header: FieldRow[];
  token: FieldRow | undefined;
  options: OptionRow[];
  payload: PayloadView | undefined;
  /** The request URI (RFC 7252 §6.5) when the message is a request. */
  uri: { text: string; assumedDestination: boolean } | undefined;
}

/** Where a request is assumed to have gone when it carries no Uri-Host/Uri-Port. */
export const ASSUMED_DESTINATION = { host: '127.0.0.1', port: 5683 } as const;

const TYPE_NAMES = {
  CON: 'Confirmable',
  NON: 'Non-confirmable',
  ACK: 'Acknowledgement',
  RST: 'Reset',
} as const;
const TYPE_BITS = { CON: 0, NON: 1, ACK: 2, RST: 3 } as const;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 text, or undefined when the bytes are not valid UTF-8. */
export function utf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The bytes as ASCII when every one is printable (0x20–0x7e), else undefined. */
export function printableAscii(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return undefined;
  for (const b of bytes) if (b < 0x20 || b > 0x7e) return undefined;
  return String.fromCharCode(...bytes);
}

function codeKind(code: number): string {
  if (code === 0) return 'empty message';
  if (isRequestCode(code)) return 'request';
  const cls = codeClass(code);
  if (cls === 2) return 'success response';
  if (cls === 4) return 'client error response';
  if (cls === 5) return 'server error response';
  return `reserved class ${cls}`;
}

/** An option's value as its format says to read it (RFC 7252 §3.2), with a gloss where it helps. */
export function formatOptionValue(
  option: CoapOption,
  isRequest: boolean,
): { value: string; note?: string } {
  const { number, value } = option;
  switch (number) {
    case OPT.Observe: {
      const n = decodeUint(value);
      // RFC 7641 §2: in a request 0 registers and 1 deregisters; in a notification it is a sequence number.
      if (!isRequest) return { value: String(n), note: 'sequence number' };
      if (n === 0) return { value: '0', note: 'register' };
      if (n === 1) return { value: '1', note: 'deregister' };
      return { value: String(n), note: 'neither register (0) nor deregister (1)' };
    }
    case OPT.Block1:
    case OPT.Block2: {
      const b = decodeBlock(value);
      const size = b.szx === 7 ? 'SZX 7 is reserved' : `${blockSize(b.szx)}-byte blocks`;
      return {
        value: formatBlock(b),
        note: `block ${b.num}, ${b.more ? 'more follow' : 'last block'}, ${size}`,
      };
    }
    case OPT.ContentFormat:
    case OPT.Accept: {
      const n = decodeUint(value);
      return { value: String(n), note: CONTENT_FORMATS[n] ?? 'not in the registry' };
    }
    case OPT.MaxAge:
      return { value: String(decodeUint(value)), note: 'seconds' };
    case OPT.Size1:
    case OPT.Size2:
      return { value: String(decodeUint(value)), note: 'bytes' };
  }
  const def = optionDefinition(number);
  if (value.length === 0) return { value: '(empty)' };
  switch (def?.format) {
    case 'uint':
      return { value: String(decodeUint(value)) };
    case 'string': {
      const text = utf8(value);
      return text === undefined
        ? { value: `0x${toHex(value)}`, note: 'not valid UTF-8' }
        : { value: text };
    }
    default: {
      const ascii = printableAscii(value);
      return { value: `0x${toHex(value)}`, note: ascii === undefined ? undefined : `"${ascii}"` };
    }
  }
}

function describeOption(option: CoapOption, index: number, isRequest: boolean): OptionRow {
  const def = optionDefinition(option.number);
  const { value, note } = formatOptionValue(option, isRequest);
  const length = option.value.length;
  const outOfBounds = def !== undefined && (length < def.min || length > def.max);
  return {
    field: `option-${index}`,
    name: optionName(option.number),
    number: option.number,
    value,
    note,
    length,
    critical: isCritical(option.number),
    unsafe: isUnsafe(option.number),
    noCacheKey: isNoCacheKey(option.number),
    warning: outOfBounds
      ? `${length} bytes; RFC ${def.rfc} allows ${def.min === def.max ? def.min : `${def.min}–${def.max}`}`
      : undefined,
  };
}

/** Everything the decoded tree shows about a message, as plain strings. */
export function describe(
  message: CoapMessage,
  destination: { host: string; port: number } = ASSUMED_DESTINATION,
): DecodedView {
  const request = isRequestCode(message.code);
  const tkl = message.token.length;
  const header: FieldRow[] = [
    { field: 'version', name: 'Version', value: '1', bits: 'bits 7–6' },
    {
      field: 'type',
      name: 'Type',
      value: message.type,
      note: `${TYPE_NAMES[message.type]} (${TYPE_BITS[message.type]})`,
      bits: 'bits 5–4',
    },
    { field: 'token-length', name: 'Token length', value: String(tkl), bits: 'bits 3–0' },
    { field: 'code', name: 'Code', value: codeName(message.code), note: codeKind(message.code) },
    {
      field: 'message-id',
      name: 'Message ID',
      value: String(message.messageId),
      note: `0x${message.messageId.toString(16).padStart(4, '0')}`,
    },
  ];
  const ascii = printableAscii(message.token);
  const token: FieldRow | undefined =
    tkl === 0
      ? undefined
      : {
          field: 'token',
          name: 'Token',
          value: `0x${toHex(message.token)}`,
          note: ascii === undefined ? undefined : `"${ascii}"`,
        };
  const options = message.options.map((o, i) => describeOption(o, i, request));
  const payload: PayloadView | undefined =
    message.payload.length === 0
      ? undefined
      : {
          length: message.payload.length,
          text: utf8(message.payload),
          hex: toHex(message.payload, ' '),
        };
  const assumedDestination = !message.options.some(
    (o) => o.number === OPT.UriHost || o.number === OPT.UriPort,
  );
  const uri = request
    ? { text: formatUri(message.options, destination), assumedDestination }
    : undefined;
  return { header, token, options, payload, uri };
}
