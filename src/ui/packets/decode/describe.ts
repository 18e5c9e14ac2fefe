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
import { i18n } from '../../i18n/i18n';
import type { FieldId } from './layout';

/** The notes are words in the page's language: a view is described again when it changes. */
const t = (key: string, values?: Record<string, string | number>): string =>
  i18n.t(`decode:${key}`, values);

/** One line of the decoded tree: what the field is, what it says, and an optional gloss. */
export interface FieldRow {
  field: FieldId;
  name: string;
  value: string;
  note?: string;
  /** The note is data (a token's ASCII, a Content-Format's name), not words. */
  noteIsData?: boolean;
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
  if (code === 0) return t('code.empty');
  if (isRequestCode(code)) return t('code.request');
  const cls = codeClass(code);
  if (cls === 2) return t('code.success');
  if (cls === 4) return t('code.client-error');
  if (cls === 5) return t('code.server-error');
  return t('code.reserved', { cls: String(cls) });
}

/** Whether an option's note is data: a registered Content-Format's name, an opaque value's ASCII. */
function optionNoteIsData(option: CoapOption): boolean {
  const { number, value } = option;
  if (number === OPT.ContentFormat || number === OPT.Accept)
    return CONTENT_FORMATS[decodeUint(value)] !== undefined;
  const known = number === OPT.Observe || number === OPT.Block1 || number === OPT.Block2;
  const units = number === OPT.MaxAge || number === OPT.Size1 || number === OPT.Size2;
  const format = optionDefinition(number)?.format;
  return !known && !units && value.length > 0 && format !== 'uint' && format !== 'string';
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
      if (!isRequest) return { value: String(n), note: t('option.sequence') };
      if (n === 0) return { value: '0', note: t('option.register') };
      if (n === 1) return { value: '1', note: t('option.deregister') };
      return { value: String(n), note: t('option.observe-other') };
    }
    case OPT.Block1:
    case OPT.Block2: {
      const b = decodeBlock(value);
      return {
        value: formatBlock(b),
        note: t('option.block', {
          num: String(b.num),
          more: b.more ? 'yes' : 'no',
          szx: b.szx === 7 ? 'reserved' : 'size',
          size: String(blockSize(b.szx)),
        }),
      };
    }
    case OPT.ContentFormat:
    case OPT.Accept: {
      const n = decodeUint(value);
      return { value: String(n), note: CONTENT_FORMATS[n] ?? t('option.unregistered') };
    }
    case OPT.MaxAge:
      return { value: String(decodeUint(value)), note: t('option.seconds') };
    case OPT.Size1:
    case OPT.Size2:
      return { value: String(decodeUint(value)), note: t('option.bytes') };
  }
  const def = optionDefinition(number);
  if (value.length === 0) return { value: t('option.empty') };
  switch (def?.format) {
    case 'uint':
      return { value: String(decodeUint(value)) };
    case 'string': {
      const text = utf8(value);
      return text === undefined
        ? { value: `0x${toHex(value)}`, note: t('option.not-utf8') }
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
    noteIsData: optionNoteIsData(option),
    length,
    critical: isCritical(option.number),
    unsafe: isUnsafe(option.number),
    noCacheKey: isNoCacheKey(option.number),
    warning: outOfBounds
      ? t('option.warning', {
          length,
          rfc: def.rfc,
          allowed: def.min === def.max ? String(def.min) : `${def.min}–${def.max}`,
        })
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
    { field: 'version', name: 'Version', value: '1', bits: t('tree.bits', { bits: '7–6' }) },
    {
      field: 'type',
      name: 'Type',
      value: message.type,
      note: t(`type.${message.type}`, { n: String(TYPE_BITS[message.type]) }),
      bits: t('tree.bits', { bits: '5–4' }),
    },
    {
      field: 'token-length',
      name: 'Token length',
      value: String(tkl),
      bits: t('tree.bits', { bits: '3–0' }),
    },
    { field: 'code', name: 'Code', value: codeName(message.code), note: codeKind(message.code) },
    {
      field: 'message-id',
      name: 'Message ID',
      value: String(message.messageId),
      note: `0x${message.messageId.toString(16).padStart(4, '0')}`,
      noteIsData: true,
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
          noteIsData: true,
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
