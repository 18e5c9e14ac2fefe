/**
 * The option registry: RFC 7252 §5.10 and §12.2, Observe (RFC 7641 §2), Block1/Block2/Size2
 * (RFC 7959 §2.1, §4), No-Response (RFC 7967 §2). Length bounds are the registry's.
 * Critical/unsafe/no-cache-key are derived from the number (RFC 7252 §5.4.6).
 */
export type OptionFormat = 'empty' | 'opaque' | 'uint' | 'string';

export interface OptionDefinition {
  readonly name: string;
  readonly format: OptionFormat;
  readonly min: number;
  readonly max: number;
  readonly repeatable: boolean;
  readonly rfc: string;
}

export const OPTIONS = {
  1: {
    name: 'If-Match',
    format: 'opaque',
    min: 0,
    max: 8,
    repeatable: true,
    rfc: '7252 §5.10.8.1',
  },
  3: {
    name: 'Uri-Host',
    format: 'string',
    min: 1,
    max: 255,
    repeatable: false,
    rfc: '7252 §5.10.1',
  },
  4: { name: 'ETag', format: 'opaque', min: 1, max: 8, repeatable: true, rfc: '7252 §5.10.6' },
  5: {
    name: 'If-None-Match',
    format: 'empty',
    min: 0,
    max: 0,
    repeatable: false,
    rfc: '7252 §5.10.8.2',
  },
  6: { name: 'Observe', format: 'uint', min: 0, max: 3, repeatable: false, rfc: '7641 §2' },
  7: { name: 'Uri-Port', format: 'uint', min: 0, max: 2, repeatable: false, rfc: '7252 §5.10.1' },
  8: {
    name: 'Location-Path',
    format: 'string',
    min: 0,
    max: 255,
    repeatable: true,
    rfc: '7252 §5.10.7',
  },
  11: {
    name: 'Uri-Path',
    format: 'string',
    min: 0,
    max: 255,
    repeatable: true,
    rfc: '7252 §5.10.1',
  },
  12: {
    name: 'Content-Format',
    format: 'uint',
    min: 0,
    max: 2,
    repeatable: false,
    rfc: '7252 §5.10.3',
  },
  14: { name: 'Max-Age', format: 'uint', min: 0, max: 4, repeatable: false, rfc: '7252 §5.10.5' },
  15: {
    name: 'Uri-Query',
    format: 'string',
    min: 0,
    max: 255,
    repeatable: true,
    rfc: '7252 §5.10.1',
  },
  17: { name: 'Accept', format: 'uint', min: 0, max: 2, repeatable: false, rfc: '7252 §5.10.4' },
  20: {
    name: 'Location-Query',
    format: 'string',
    min: 0,
    max: 255,
    repeatable: true,
    rfc: '7252 §5.10.7',
  },
  23: { name: 'Block2', format: 'uint', min: 0, max: 3, repeatable: false, rfc: '7959 §2.1' },
  27: { name: 'Block1', format: 'uint', min: 0, max: 3, repeatable: false, rfc: '7959 §2.1' },
  28: { name: 'Size2', format: 'uint', min: 0, max: 4, repeatable: false, rfc: '7959 §4' },
  35: {
    name: 'Proxy-Uri',
    format: 'string',
    min: 1,
    max: 1034,
    repeatable: false,
    rfc: '7252 §5.10.2',
  },
  39: {
    name: 'Proxy-Scheme',
    format: 'string',
    min: 1,
    max: 255,
    repeatable: false,
    rfc: '7252 §5.10.2',
  },
  60: { name: 'Size1', format: 'uint', min: 0, max: 4, repeatable: false, rfc: '7252 §5.10.9' },
  258: { name: 'No-Response', format: 'uint', min: 0, max: 1, repeatable: false, rfc: '7967 §2' },
} as const satisfies Record<number, OptionDefinition>;

export type KnownOptionNumber = keyof typeof OPTIONS;
export type OptionName = (typeof OPTIONS)[KnownOptionNumber]['name'];

/** Option numbers by name, e.g. `OPT.UriPath === 11`. */
export const OPT = {
  IfMatch: 1,
  UriHost: 3,
  ETag: 4,
  IfNoneMatch: 5,
  Observe: 6,
  UriPort: 7,
  LocationPath: 8,
  UriPath: 11,
  ContentFormat: 12,
  MaxAge: 14,
  UriQuery: 15,
  Accept: 17,
  LocationQuery: 20,
  Block2: 23,
  Block1: 27,
  Size2: 28,
  ProxyUri: 35,
  ProxyScheme: 39,
  Size1: 60,
  NoResponse: 258,
} as const satisfies Record<string, KnownOptionNumber>;

export function optionDefinition(n: number): OptionDefinition | undefined {
  return (OPTIONS as Record<number, OptionDefinition>)[n];
}

/** `Uri-Path`, or `Option 2048` for one the registry does not know. */
export function optionName(n: number): string {
  return optionDefinition(n)?.name ?? `Option ${n}`;
}

const BY_NAME = new Map<string, number>(
  Object.entries(OPTIONS).map(([n, d]) => [d.name.toLowerCase(), Number(n)]),
);
/** The number of a registered option by its name (case-insensitive), e.g. `uri-path` → 11. */
export function optionNumber(name: string): number | undefined {
  return BY_NAME.get(name.toLowerCase());
}

// RFC 7252 §5.4.6: the low bits of the number carry the option's properties.
export const isCritical = (n: number): boolean => (n & 1) === 1;
export const isUnsafe = (n: number): boolean => (n & 2) === 2;
export const isNoCacheKey = (n: number): boolean => (n & 0x1e) === 0x1c;

/** Content-Format registry (RFC 7252 §12.3 and later registrations), for display. */
export const CONTENT_FORMATS: Readonly<Record<number, string>> = {
  0: 'text/plain; charset=utf-8',
  16: 'application/cose; cose-type="cose-encrypt0"',
  40: 'application/link-format',
  41: 'application/xml',
  42: 'application/octet-stream',
  47: 'application/exi',
  50: 'application/json',
  51: 'application/json-patch+json',
  52: 'application/merge-patch+json',
  60: 'application/cbor',
  61: 'application/cwt',
  110: 'application/senml+json',
  112: 'application/senml+cbor',
};
