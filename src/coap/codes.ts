/** Message codes (RFC 7252 §12.1, RFC 7959 §2.9, RFC 8132, RFC 8516, RFC 8768). */

export const code = (cls: number, detail: number): number => (cls << 5) | detail;
export const codeClass = (c: number): number => c >> 5;
export const codeDetail = (c: number): number => c & 0x1f;

export const CODES = {
  EMPTY: 0x00,
  GET: 0x01,
  POST: 0x02,
  PUT: 0x03,
  DELETE: 0x04,
  FETCH: 0x05,
  PATCH: 0x06,
  IPATCH: 0x07,
  CREATED: 0x41,
  DELETED: 0x42,
  VALID: 0x43,
  CHANGED: 0x44,
  CONTENT: 0x45,
  /** 2.07: not registered with IANA; the reference gateway's `{ok, nocontent}` (gateway-behaviour §1.2). */
  NOCONTENT: 0x47,
  CONTINUE: 0x5f,
  BAD_REQUEST: 0x80,
  UNAUTHORIZED: 0x81,
  BAD_OPTION: 0x82,
  FORBIDDEN: 0x83,
  NOT_FOUND: 0x84,
  METHOD_NOT_ALLOWED: 0x85,
  NOT_ACCEPTABLE: 0x86,
  REQUEST_ENTITY_INCOMPLETE: 0x88,
  CONFLICT: 0x89,
  PRECONDITION_FAILED: 0x8c,
  REQUEST_ENTITY_TOO_LARGE: 0x8d,
  UNSUPPORTED_CONTENT_FORMAT: 0x8f,
  UNPROCESSABLE_ENTITY: 0x96,
  TOO_MANY_REQUESTS: 0x9d,
  INTERNAL_SERVER_ERROR: 0xa0,
  NOT_IMPLEMENTED: 0xa1,
  BAD_GATEWAY: 0xa2,
  SERVICE_UNAVAILABLE: 0xa3,
  GATEWAY_TIMEOUT: 0xa4,
  PROXYING_NOT_SUPPORTED: 0xa5,
  HOP_LIMIT_REACHED: 0xa8,
} as const;

const NAMES: Readonly<Record<number, string>> = {
  0x00: 'Empty',
  0x01: 'GET',
  0x02: 'POST',
  0x03: 'PUT',
  0x04: 'DELETE',
  0x05: 'FETCH',
  0x06: 'PATCH',
  0x07: 'iPATCH',
  0x41: 'Created',
  0x42: 'Deleted',
  0x43: 'Valid',
  0x44: 'Changed',
  0x45: 'Content',
  0x47: 'No Content (unregistered; EMQX nocontent)',
  0x5f: 'Continue',
  0x80: 'Bad Request',
  0x81: 'Unauthorized',
  0x82: 'Bad Option',
  0x83: 'Forbidden',
  0x84: 'Not Found',
  0x85: 'Method Not Allowed',
  0x86: 'Not Acceptable',
  0x88: 'Request Entity Incomplete',
  0x89: 'Conflict',
  0x8c: 'Precondition Failed',
  0x8d: 'Request Entity Too Large',
  0x8f: 'Unsupported Content-Format',
  0x96: 'Unprocessable Entity',
  0x9d: 'Too Many Requests',
  0xa0: 'Internal Server Error',
  0xa1: 'Not Implemented',
  0xa2: 'Bad Gateway',
  0xa3: 'Service Unavailable',
  0xa4: 'Gateway Timeout',
  0xa5: 'Proxying Not Supported',
  0xa8: 'Hop Limit Reached',
};

/** `2.05` for 0x45. */
export function codeDotted(c: number): string {
  const d = codeDetail(c);
  return `${codeClass(c)}.${d < 10 ? '0' : ''}${d}`;
}

/** codeName of every byte value, made once: every datagram the journal summarizes asks. */
const CODE_NAMES: readonly string[] = Array.from(
  { length: 256 },
  (_, c) => `${codeDotted(c)} ${NAMES[c] ?? '(unknown)'}`,
);

/** `2.05 Content`, `0.01 GET`, or `2.30 (unknown)` for a code nobody registered. */
export function codeName(c: number): string {
  return CODE_NAMES[c] ?? `${codeDotted(c)} (unknown)`;
}

/** Parses `2.05` (or `205`) into 0x45; undefined when it is not a code. */
export function parseCode(text: string): number | undefined {
  const m = /^([0-7])\.?([0-3][0-9])$/.exec(text.trim());
  if (!m) return undefined;
  const detail = Number(m[2]);
  return detail > 31 ? undefined : code(Number(m[1]), detail);
}

export const isRequestCode = (c: number): boolean => c >= 0x01 && c <= 0x1f;
/** Classes 2, 4 and 5 (RFC 7252 §5.9); class 3 is reserved (§12.1), like 1, 6 and 7. */
export const isResponseCode = (c: number): boolean => {
  const cls = c >> 5;
  return cls === 2 || cls === 4 || cls === 5;
};
export const isEmptyCode = (c: number): boolean => c === 0;

/** `0.02 POST` → `POST`; an unknown method keeps its dotted code. */
export function methodOf(code: string | undefined): string {
  if (!code) return '?';
  const [dotted, ...name] = code.split(' ');
  const n = name.join(' ');
  return n && n !== '(unknown)' ? n : dotted;
}
