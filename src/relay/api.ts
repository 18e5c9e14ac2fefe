// The management API on the relay's HTTP port (`/api/v5/gateways/coap/clients…`, the reference's
// emqx_gateway_api_clients): HTTP Basic with an API key and secret, a bounded body, validation
// (src/wire/api.ts), and the call forwarded to the page that owns the UDP port as an
// `api-request`, answered by its `api-response` or, failing that, by a timeout. A page's answer
// is untrusted: it is checked field by field and re-serialized.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_PREFIX, apiError, parseApiCall } from '../wire/api.ts';
import type { ApiAnswer, Json } from '../wire/api.ts';
import { API_MAX_PATH, API_MAX_QUERY, parseApiResponse } from '../wire/frames.ts';
import type { ApiRequestMessage } from '../wire/frames.ts';

export const API_KEY_FLAG = '--api-key';
export const API_KEY_ENV = 'API_KEY';

export interface ApiKey {
  key: string;
  secret: string;
}

/**
 * `KEY:SECRET` as `--api-key` or API_KEY gives it: both parts non-empty, the key without a colon
 * (Basic auth splits at the first one), printable ASCII without spaces, at most 256 characters.
 */
export function parseApiKey(
  text: string,
): { ok: true; apiKey: ApiKey } | { ok: false; error: string } {
  const i = text.indexOf(':');
  const key = i < 0 ? '' : text.slice(0, i);
  const secret = i < 0 ? '' : text.slice(i + 1);
  if (i < 0 || key === '' || secret === '')
    return { ok: false, error: `${API_KEY_FLAG} must be KEY:SECRET, both non-empty` };
  if (!/^[\x21-\x7e]{1,256}$/.test(text))
    return {
      ok: false,
      error: `${API_KEY_FLAG}: printable ASCII without spaces, at most 256 characters`,
    };
  return { ok: true, apiKey: { key, secret } };
}

/** A key and secret for one session of `npm start`. */
export function randomApiKey(): ApiKey {
  return { key: randomBytes(8).toString('hex'), secret: randomBytes(24).toString('base64url') };
}

const digest = (s: string | Buffer) => createHash('sha256').update(s).digest();

export interface ApiOptions {
  apiKey: ApiKey;
  /** The page's address, for the 503 that says to open it. */
  pageUrl: () => string;
  /** Sends a request to the page that owns the UDP port; false if there is none. */
  forward: (message: ApiRequestMessage) => object | undefined;
  log: (line: string) => void;
  /** Most body bytes. Default 64 KiB. */
  maxBody?: number;
  /** Most calls waiting for the page. Default 32. */
  maxPending?: number;
  /** How long the page has to answer, ms. Default 5000. */
  timeout?: number;
}

interface Pending {
  page: object;
  answer: (a: ApiAnswer) => void;
  timer: NodeJS.Timeout;
}

const REALM = { 'WWW-Authenticate': 'Basic Realm="emqx-dashboard"' };

function send(res: ServerResponse, a: ApiAnswer, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const common = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store', ...headers };
  if (a.status === 204 || a.body === undefined) {
    res.writeHead(a.status, common).end();
    return;
  }
  const body = JSON.stringify(a.body);
  res
    .writeHead(a.status, {
      ...common,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
    })
    .end(body);
}

/**
 * The API's HTTP side. `handle` serves a request under `/api/`; `answer` takes a text message
 * from a page; `detached` fails the calls waiting for a page that went away.
 */
export class RelayApi {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly expected: Buffer;
  readonly stats = { calls: 0, unauthorized: 0, timeouts: 0, badAnswers: 0 };

  constructor(private readonly o: ApiOptions) {
    this.expected = digest(`${o.apiKey.key}:${o.apiKey.secret}`);
  }

  /** The Basic credentials, compared in constant time (digests of equal length). */
  private authorized(header: string | undefined): 'ok' | 'missing' | 'wrong' {
    const m = /^Basic +([A-Za-z0-9+/=]{1,2048})$/i.exec(header ?? '');
    if (!m) return 'missing';
    return timingSafeEqual(digest(Buffer.from(m[1], 'base64')), this.expected) ? 'ok' : 'wrong';
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    this.stats.calls++;
    const auth = this.authorized(req.headers.authorization);
    if (auth !== 'ok') {
      this.stats.unauthorized++;
      // emqx_dashboard:authorize/2 and api_key_authorize/4.
      send(
        res,
        auth === 'missing'
          ? apiError(
              401,
              'AUTHORIZATION_HEADER_ERROR',
              'Missing authorization header. Use Basic auth with API key/secret (`npm start` prints them).',
            )
          : apiError(401, 'BAD_API_KEY_OR_SECRET', 'Check api_key/api_secret'),
        REALM,
      );
      req.resume();
      return;
    }
    const target = req.url ?? '';
    const q = target.indexOf('?');
    const fullPath = q < 0 ? target : target.slice(0, q);
    if (!fullPath.startsWith(`${API_PREFIX}/`) || fullPath.length > API_MAX_PATH) {
      send(res, apiError(404, 'NOT_FOUND', `no such API: ${fullPath.slice(0, 200)}`));
      req.resume();
      return;
    }
    const path = fullPath.slice(API_PREFIX.length);
    const query = [...new URLSearchParams(q < 0 ? '' : target.slice(q + 1))];
    if (query.length > API_MAX_QUERY) {
      send(res, apiError(400, 'BAD_REQUEST', `at most ${API_MAX_QUERY} query parameters`));
      req.resume();
      return;
    }
    const method = req.method ?? '';
    // Route and method first, without a body: a wrong route is refused before it is read.
    const route = parseApiCall(method, path, query, undefined, true);
    if (!route.ok) {
      send(res, route.answer);
      req.resume();
      return;
    }
    this.readBody(req, res, (body) => {
      const call = parseApiCall(method, path, query, body);
      if (!call.ok) return send(res, call.answer);
      // A request down to a device waits for it as long as the call says, then the page answers.
      const waits = call.call.op === 'request' ? call.call.timeout : 0;
      this.forward(
        { v: 1, type: 'api-request', id: 0, method: method as 'GET', path, query },
        body,
        res,
        waits,
      );
    });
  }

  private readBody(
    req: IncomingMessage,
    res: ServerResponse,
    then: (body: Json | undefined) => void,
  ): void {
    const max = this.o.maxBody ?? 64 * 1024;
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > max) {
      send(res, apiError(413, 'REQUEST_TOO_LARGE', `the body may hold at most ${max} bytes`), {
        Connection: 'close',
      });
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > max) {
        over = true;
        send(res, apiError(413, 'REQUEST_TOO_LARGE', `the body may hold at most ${max} bytes`), {
          Connection: 'close',
        });
        return;
      }
      chunks.push(c);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (over) return;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return then(undefined);
      try {
        then(JSON.parse(text) as Json);
      } catch {
        send(res, apiError(400, 'BAD_REQUEST', 'the body is not JSON'));
      }
    });
  }

  /** `waits`: how long the call itself waits in the page (a request's `timeout`), ms. */
  private forward(
    message: ApiRequestMessage,
    body: Json | undefined,
    res: ServerResponse,
    waits = 0,
  ): void {
    if (this.pending.size >= (this.o.maxPending ?? 32)) {
      send(
        res,
        apiError(429, 'TOO_MANY_REQUESTS', 'too many API calls wait for the page; try again'),
      );
      return;
    }
    const id = this.nextId;
    this.nextId = (this.nextId % 0x7fffffff) + 1;
    const page = this.o.forward({ ...message, id, ...(body === undefined ? {} : { body }) });
    if (!page) {
      send(
        res,
        apiError(
          503,
          'SERVICE_UNAVAILABLE',
          `no page runs the gateway: open ${this.o.pageUrl()} in a browser, then call again`,
        ),
      );
      return;
    }
    const limit = (this.o.timeout ?? 5000) + waits;
    const timer = setTimeout(() => {
      this.pending.delete(id);
      this.stats.timeouts++;
      send(
        res,
        apiError(504, 'PAGE_NOT_RESPONDING', `the page did not answer within ${limit / 1000} s`),
      );
    }, limit);
    timer.unref();
    res.on('close', () => {
      // The caller went away: forget the call (a late answer is dropped).
      const p = this.pending.get(id);
      if (p?.timer === timer) {
        clearTimeout(timer);
        this.pending.delete(id);
      }
    });
    this.pending.set(id, { page, timer, answer: (a) => send(res, a) });
  }

  /** A text message from `page`: an `api-response` ends its call; anything malformed is a 502. */
  answer(page: object, text: string): void {
    const r = parseApiResponse(text);
    const id = r.ok ? r.message.id : r.id;
    const p = id === undefined ? undefined : this.pending.get(id);
    if (!p || p.page !== page) {
      if (!r.ok || id !== undefined) this.stats.badAnswers++;
      return;
    }
    this.pending.delete(id as number);
    clearTimeout(p.timer);
    if (r.ok) {
      p.answer({ status: r.message.status, body: r.message.body });
      return;
    }
    this.stats.badAnswers++;
    this.o.log(`a bad API answer from the page: ${r.error}`);
    p.answer(apiError(502, 'BAD_PAGE_RESPONSE', `the page answered badly: ${r.error}`));
  }

  /** The page went away: its calls end now with 503. */
  detached(page: object): void {
    for (const [id, p] of this.pending) {
      if (p.page !== page) continue;
      this.pending.delete(id);
      clearTimeout(p.timer);
      p.answer(
        apiError(503, 'SERVICE_UNAVAILABLE', 'the page went away before it answered; call again'),
      );
    }
  }

  close(): void {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
  }
}
