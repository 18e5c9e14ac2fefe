/**
 * The management API the relay serves over HTTP and the worker answers (the reference's
 * `emqx_gateway_api_clients.erl`, gateway `coap` only): its routes, query and body validation, and
 * the reference's error bodies. Shared by the relay (which refuses a bad call without bothering the
 * page) and the worker (which trusts nothing it is forwarded and validates again). Pure: imports
 * nothing, and never throws on input.
 */

export const API_PREFIX = '/api/v5';
/** Where the clients API lives under the prefix. */
export const CLIENTS_PATH = '/gateways/coap/clients';

export type ApiMethod = 'GET' | 'POST' | 'DELETE';
export const API_METHODS: readonly ApiMethod[] = ['GET', 'POST', 'DELETE'];

/** A JSON value as it crosses the relay. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** An error body as the reference writes it: `{code, message}`. */
export interface ApiErrorBody {
  code: string;
  message: string;
}

export interface ApiAnswer {
  status: number;
  /** Absent for 204. */
  body?: Json;
}

/** The reference's `emqx_mgmt:default_row_limit()` and the swagger's `?MAX_ROW_LIMIT`. */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 10_000;

/** The API's subscription options (`fields(subscription)`), as integers like the reference. */
export interface ApiSubOpts {
  qos: 0 | 1 | 2;
  nl: 0 | 1;
  rh: 0 | 1 | 2;
  rap: 0 | 1;
}

/** One validated call. */
export type ApiCall =
  | {
      op: 'list';
      clientid?: string;
      likeClientid?: string;
      username?: string;
      likeUsername?: string;
      page: number;
      limit: number;
    }
  | { op: 'lookup'; clientid: string }
  | { op: 'kick'; clientid: string }
  | { op: 'subscriptions'; clientid: string }
  | ({ op: 'subscribe'; clientid: string; topic: string } & ApiSubOpts)
  | { op: 'unsubscribe'; clientid: string; topic: string }
  | ({ op: 'request'; clientid: string } & ApiCoapRequest);

/** The request API's methods and content types (emqx_coap_api `request_body/0`'s enums). */
export const REQUEST_METHODS = ['get', 'put', 'post', 'delete'] as const;
export type RequestMethod = (typeof REQUEST_METHODS)[number];
export const REQUEST_CONTENT_TYPES = [
  'text/plain',
  'application/json',
  'application/octet-stream',
] as const;
export type RequestContentType = (typeof REQUEST_CONTENT_TYPES)[number];
/** The longest wait the playground takes for one request (the reference's is 2³²−1 ms). */
export const MAX_REQUEST_TIMEOUT = 300_000;

/** POST …/clients/{clientid}/request, validated: what the gateway sends down to the device. */
export interface ApiCoapRequest {
  method: RequestMethod;
  /** The token as sent (UTF-8; at most 8 bytes). */
  token: string;
  contentType: RequestContentType;
  /** The payload as text; base64 for application/octet-stream (the body's form). */
  payload: string;
  /** How long to wait for each response, ms (`timeout`, a duration such as "10s"). */
  timeout: number;
}

export const apiError = (status: number, code: string, message: string): ApiAnswer => ({
  status,
  body: { code, message },
});

/** `return_http_error/2`'s code for each status (emqx_gateway_http:codestr/1). */
const CODESTR: Record<number, string> = {
  400: 'BAD_REQUEST',
  404: 'RESOURCE_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
};
export const httpError = (status: 400 | 404 | 405, message: string): ApiAnswer =>
  apiError(status, CODESTR[status], message);

function decodeSegment(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** A positive integer from a query value, or undefined. */
function positive(text: string, max: number): number | undefined {
  if (!/^\d{1,6}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= max ? n : undefined;
}

/** An integer option of the body: absent gives the default; anything but an allowed value fails. */
function intOption<T extends number>(
  body: Record<string, unknown>,
  key: string,
  fallback: T,
  allowed: readonly T[],
): T | string {
  const v = body[key];
  if (v === undefined || v === null) return fallback;
  const n = typeof v === 'boolean' ? Number(v) : v;
  return typeof n === 'number' && (allowed as readonly number[]).includes(n)
    ? (n as T)
    : `${key} must be one of ${allowed.join(', ')}`;
}

/** The subscription body of POST …/subscriptions (`subopts/1`: qos 0, nl 0, rap 0, rh 1 by default). */
export function parseSubscriptionBody(
  body: unknown,
): { ok: true; topic: string; opts: ApiSubOpts } | { ok: false; message: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, message: 'the body must be a JSON object: {"topic": "t/1", "qos": 0}' };
  const b = body as Record<string, unknown>;
  if (b.topic === undefined || b.topic === null)
    return { ok: false, message: 'Miss topic property' };
  if (typeof b.topic !== 'string' || b.topic === '' || b.topic.length > 65535)
    return { ok: false, message: 'topic must be a non-empty string' };
  const qos = intOption(b, 'qos', 0, [0, 1, 2] as const);
  const nl = intOption(b, 'nl', 0, [0, 1] as const);
  const rap = intOption(b, 'rap', 0, [0, 1] as const);
  const rh = intOption(b, 'rh', 1, [0, 1, 2] as const);
  for (const v of [qos, nl, rap, rh]) if (typeof v === 'string') return { ok: false, message: v };
  return {
    ok: true,
    topic: b.topic,
    opts: { qos, nl, rh, rap } as ApiSubOpts,
  };
}

/**
 * Matches a call against the clients API: `path` is the request path below `/api/v5`, as sent
 * (percent-encoded); `query` the decoded query pairs; `body` the parsed JSON body, if any.
 * Gives the call, or the answer the reference gives to a call that does not validate.
 */
export function parseApiCall(
  method: string,
  path: string,
  query: ReadonlyArray<readonly [string, string]>,
  body: unknown,
  /** Check the route and method only (the relay, before it reads a body). */
  routeOnly = false,
): { ok: true; call: ApiCall } | { ok: false; answer: ApiAnswer } {
  const fail = (answer: ApiAnswer) => ({ ok: false as const, answer });
  const notFound = () =>
    fail(
      apiError(
        404,
        'NOT_FOUND',
        `no such API here: the playground serves ${API_PREFIX}${CLIENTS_PATH}[/{clientid}[/subscriptions[/{topic}] | /request]]`,
      ),
    );
  if (!path.startsWith(`${CLIENTS_PATH}`)) return notFound();
  const rest = path.slice(CLIENTS_PATH.length);
  if (rest !== '' && !rest.startsWith('/')) return notFound();
  const raw = rest === '' ? [] : rest.slice(1).split('/');
  if (raw.length > 3 || raw.some((s) => s === '')) return notFound();
  const isRequest = raw.length === 2 && raw[1] === 'request';
  if (raw.length >= 2 && raw[1] !== 'subscriptions' && !isRequest) return notFound();
  if (raw.length === 3 && raw[1] !== 'subscriptions') return notFound();
  const segments = raw.map(decodeSegment);
  if (segments.some((s) => s === undefined))
    return fail(httpError(400, 'a path segment is not valid percent-encoding'));
  const [clientid, , topic] = segments as string[];
  const allowed: ApiMethod[] = isRequest
    ? ['POST']
    : raw.length === 0
      ? ['GET']
      : raw.length === 1
        ? ['GET', 'DELETE']
        : raw.length === 2
          ? ['GET', 'POST']
          : ['DELETE'];
  if (!(allowed as string[]).includes(method))
    return fail(httpError(405, `${method} is not allowed here; use ${allowed.join(' or ')}`));
  if (raw.length === 0) {
    const q = new Map<string, string>();
    for (const [k, v] of query) if (!q.has(k)) q.set(k, v);
    const page = q.has('page') ? positive(q.get('page') as string, 1_000_000) : 1;
    if (page === undefined) return fail(httpError(400, 'page must be an integer of at least 1'));
    const limit = q.has('limit') ? positive(q.get('limit') as string, MAX_LIMIT) : DEFAULT_LIMIT;
    if (limit === undefined)
      return fail(httpError(400, `limit must be an integer from 1 to ${MAX_LIMIT}`));
    const pick = (k: string) => q.get(k);
    return {
      ok: true,
      call: {
        op: 'list',
        page,
        limit,
        ...(pick('clientid') !== undefined ? { clientid: pick('clientid') } : {}),
        ...(pick('like_clientid') !== undefined ? { likeClientid: pick('like_clientid') } : {}),
        ...(pick('username') !== undefined ? { username: pick('username') } : {}),
        ...(pick('like_username') !== undefined ? { likeUsername: pick('like_username') } : {}),
      },
    };
  }
  if (raw.length === 1)
    return { ok: true, call: { op: method === 'GET' ? 'lookup' : 'kick', clientid } };
  if (raw.length === 3) return { ok: true, call: { op: 'unsubscribe', clientid, topic } };
  if (routeOnly) return { ok: true, call: { op: 'subscriptions', clientid } };
  if (isRequest) {
    const r = parseRequestBody(body);
    return r.ok
      ? { ok: true, call: { op: 'request', clientid, ...r.request } }
      : fail(httpError(400, r.message));
  }
  if (method === 'GET') return { ok: true, call: { op: 'subscriptions', clientid } };
  const sub = parseSubscriptionBody(body);
  if (!sub.ok) return fail(httpError(400, sub.message));
  return { ok: true, call: { op: 'subscribe', clientid, topic: sub.topic, ...sub.opts } };
}

/**
 * A duration as emqx_schema:timeout_duration_ms/0 takes it: an integer of ms, or text such as
 * "10s", "50ms", "1m30s" (units f, w, d, h, m, s, ms; hocon_postprocess:duration/1). Undefined if
 * it is not one.
 */
export function parseDuration(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? v : undefined;
  if (typeof v !== 'string' || v.length > 64) return undefined;
  const text = v.trim().toLowerCase();
  if (/^\d+$/.test(text)) return Number(text);
  const unit: Record<string, number> = {
    f: 1_209_600_000,
    w: 604_800_000,
    d: 86_400_000,
    h: 3_600_000,
    m: 60_000,
    s: 1000,
    ms: 1,
  };
  if (!/^(\d+(\.\d+)?(ms|f|w|d|h|m|s))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, n, , u] of text.matchAll(/(\d+(\.\d+)?)(ms|f|w|d|h|m|s)/g))
    total += Number(n) * unit[u];
  return Math.ceil(total);
}

/** The base64 alphabet with padding, as base64:decode/1 takes it. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The body of POST …/request (emqx_coap_api:request/2): `content_type` is required ("missing
 * content_type", the reference's own check); `method` defaults to get, `token` and `payload` to
 * empty. The schema's checks (an enum value, a duration) are 400 too. Where the reference has no
 * check and its channel would crash (no `timeout`, a token over 8 bytes, a payload that is not
 * base64), the playground answers 400 and says why.
 */
export function parseRequestBody(
  body: unknown,
): { ok: true; request: ApiCoapRequest } | { ok: false; message: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return {
      ok: false,
      message:
        'the body must be a JSON object: {"method":"get","content_type":"text/plain","payload":"…","timeout":"10s"}',
    };
  const b = body as Record<string, unknown>;
  const ct = b.content_type;
  if (ct === undefined || ct === null) return { ok: false, message: 'missing content_type' };
  if (!(REQUEST_CONTENT_TYPES as readonly unknown[]).includes(ct))
    return {
      ok: false,
      message: `content_type must be one of ${REQUEST_CONTENT_TYPES.join(', ')}`,
    };
  const method = b.method ?? 'get';
  if (!(REQUEST_METHODS as readonly unknown[]).includes(method))
    return { ok: false, message: `method must be one of ${REQUEST_METHODS.join(', ')}` };
  const token = b.token ?? '';
  if (typeof token !== 'string') return { ok: false, message: 'token must be a string' };
  if (new TextEncoder().encode(token).length > 8)
    return { ok: false, message: 'token may hold at most 8 bytes (RFC 7252 §3)' };
  const payload = b.payload ?? '';
  if (typeof payload !== 'string') return { ok: false, message: 'payload must be a string' };
  if (ct === 'application/octet-stream' && !BASE64.test(payload))
    return { ok: false, message: 'payload must be base64 for application/octet-stream' };
  if (b.timeout === undefined || b.timeout === null)
    return { ok: false, message: 'missing timeout (a duration such as "10s")' };
  const timeout = parseDuration(b.timeout);
  if (timeout === undefined) return { ok: false, message: 'timeout: Not a valid duration' };
  if (timeout > MAX_REQUEST_TIMEOUT)
    return {
      ok: false,
      message: `timeout may be at most ${MAX_REQUEST_TIMEOUT / 1000} s in the playground`,
    };
  return {
    ok: true,
    request: {
      method: method as RequestMethod,
      token,
      contentType: ct as RequestContentType,
      payload,
      timeout,
    },
  };
}

/** Whether a status is one the page may answer with (anything else is a bad answer: 502). */
export const PAGE_STATUSES: ReadonlySet<number> = new Set([
  200, 201, 204, 400, 404, 405, 409, 500, 502, 504,
]);
