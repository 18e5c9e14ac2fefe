import type { PARAMETERS, SHORT_NAMES } from '../../gateway/query';

/** A parameter of the client API (gateway-behaviour §1.7), by its long name. */
export type ParamName = (typeof PARAMETERS)[number]['name'];
type ShortName = keyof typeof SHORT_NAMES;

export interface ParamInfo {
  name: ParamName;
  /** The short alias the gateway expands (`?QUERY_PARAMS_MAPPING`); none for expiry, nl, rh. */
  short?: ShortName;
  /** One line for the builder: a message id. */
  meaning: string;
  /** What a value looks like, for the input's placeholder: a message id. */
  placeholder: string;
}

/**
 * The UI's copy of the gateway's parameter table (src/gateway/query.ts `PARAMETERS`; the page may
 * import only its type). `satisfies` makes a missing or misspelt name a type error, and the short
 * names are checked against `SHORT_NAMES`.
 */
export const PARAMS = [
  {
    name: 'clientid',
    short: 'c',
    meaning: 'composer:param.clientid',
    placeholder: 'composer:param.clientid.placeholder',
  },
  {
    name: 'token',
    short: 't',
    meaning: 'composer:param.token',
    placeholder: 'composer:param.token.placeholder',
  },
  {
    name: 'username',
    short: 'u',
    meaning: 'composer:param.username',
    placeholder: 'composer:param.username.placeholder',
  },
  {
    name: 'password',
    short: 'p',
    meaning: 'composer:param.password',
    placeholder: 'composer:param.password.placeholder',
  },
  {
    name: 'qos',
    short: 'q',
    meaning: 'composer:param.qos',
    placeholder: 'composer:param.qos.placeholder',
  },
  {
    name: 'retain',
    short: 'r',
    meaning: 'composer:param.retain',
    placeholder: 'composer:param.retain.placeholder',
  },
  {
    name: 'expiry',
    meaning: 'composer:param.expiry',
    placeholder: 'composer:param.expiry.placeholder',
  },
  {
    name: 'nl',
    meaning: 'composer:param.nl',
    placeholder: 'composer:param.nl.placeholder',
  },
  {
    name: 'rh',
    meaning: 'composer:param.rh',
    placeholder: 'composer:param.rh.placeholder',
  },
] as const satisfies readonly ParamInfo[];

// Every parameter of the gateway's table has a row here (a type error otherwise).
type Missing = Exclude<ParamName, (typeof PARAMS)[number]['name']>;
const complete: Missing extends never ? true : false = true;
void complete;

const BY_NAME = new Map<string, ParamInfo>(PARAMS.map((p) => [p.name, p]));
const BY_SHORT = new Map<string, ParamInfo>(
  PARAMS.filter((p): p is Extract<(typeof PARAMS)[number], { short: string }> => 'short' in p).map(
    (p) => [p.short, p],
  ),
);

/** The known parameter a key names, by its long or short name. */
export function paramInfo(key: string): ParamInfo | undefined {
  return BY_NAME.get(key) ?? BY_SHORT.get(key);
}

/** One row of the query builder: a known parameter (by long name) or a free one. */
export interface QueryParam {
  /** Stable identity for React lists. */
  id: number;
  key: string;
  value: string;
}

// RFC 3986 pchar (unreserved, sub-delims, ':' and '@') plus '/' and '?', minus '&' (the separator)
// and '%' (always escaped, so what the user types is what the gateway gets).
const QUERY_SAFE = /[A-Za-z0-9\-._~!$'()*+,;=:@/?]/;
// In a path segment: pchar only ('/' separates segments and is kept by the caller).
const PATH_SAFE = /[A-Za-z0-9\-._~!$'()*+,;=:@]/;

function percentEncodeText(text: string, safe: RegExp): string {
  let out = '';
  for (const ch of text) {
    if (ch.length === 1 && ch.charCodeAt(0) < 0x80 && safe.test(ch)) out += ch;
    else
      for (const b of new TextEncoder().encode(ch))
        out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** A query key or value, percent-encoded so it survives as one Uri-Query entry, byte for byte. */
export const encodeQueryComponent = (text: string): string => percentEncodeText(text, QUERY_SAFE);

/**
 * A path as the user typed it, made safe for a URI: valid `%XX` escapes are kept (so `ps/a/%23`
 * works as in the document), everything else outside pchar (`#`, space, non-ASCII, a stray `%`)
 * is percent-encoded. `/` separates segments.
 */
export function encodePath(raw: string): string {
  return raw
    .replace(/^\/+/, '')
    .split('/')
    .map((segment) =>
      segment
        .split(/(%[0-9A-Fa-f]{2})/)
        .map((part, i) => (i % 2 === 1 ? part : percentEncodeText(part, PATH_SAFE)))
        .join(''),
    )
    .join('/');
}

/** The wire name of a row: the short alias when asked for and one exists. */
export function wireKey(key: string, shortNames: boolean): string {
  const info = BY_NAME.get(key);
  return shortNames && info?.short ? info.short : key;
}

/** The rows as Uri-Query text (`clientid=123&token=…`), skipping rows with no key. */
export function buildQuery(params: readonly QueryParam[], shortNames: boolean): string {
  return params
    .filter((p) => p.key !== '')
    .map(
      (p) => `${encodeQueryComponent(wireKey(p.key, shortNames))}=${encodeQueryComponent(p.value)}`,
    )
    .join('&');
}

/**
 * Splits pasted text (`coap://host/ps/x?c=1&t=2`, `/ps/x?c=1`, `ps/x`) into a path and query rows.
 * Short names become the long name, so the builder shows them as the known parameter.
 */
export function splitPasted(text: string): {
  path: string;
  entries: Array<{ key: string; value: string }>;
  /** Whether a known parameter was given by its short name. */
  usedShortNames: boolean;
} {
  const rest = text.trim().replace(/^coaps?:\/\/[^/?]*/i, '');
  const q = rest.indexOf('?');
  const path = (q < 0 ? rest : rest.slice(0, q)).replace(/^\/+/, '');
  const query = q < 0 ? '' : rest.slice(q + 1);
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  let usedShortNames = false;
  const entries = query
    .split('&')
    .filter((e) => e !== '')
    .map((e) => {
      const eq = e.indexOf('=');
      const rawKey = decode(eq < 0 ? e : e.slice(0, eq));
      const value = eq < 0 ? '' : decode(e.slice(eq + 1));
      const info = paramInfo(rawKey);
      if (info && info.name !== rawKey) usedShortNames = true;
      return { key: info ? info.name : rawKey, value };
    });
  return { path, entries, usedShortNames };
}
