// The management API end to end: curl-like HTTP calls to the relay's REST routes, forwarded over
// the /relay WebSocket to a Node-side page (PlaygroundHost + RelayLink) whose gateway a real UDP
// device connected to. Mirrors emqx_coap_SUITE t_clients_api, t_clients_subscription_api and
// t_clients_get_subscription_api; every wait is bounded.
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { OPT, codeDotted, decode, decodeString, encode, encodeUint, parseUri } from '../coap';
import type { CoapMessage } from '../coap';
import type { PlaygroundHost } from '../worker/host';
import { parseControl } from '../wire/frames';
import { startRelay } from './server';
import { closers, page, until } from './testing/page';
import type { Relay } from './server';
import { parseApiKey } from './api';

const KEY = { key: 'k3y', secret: 's3cr3t:with-colon' };
const AUTH = `Basic ${Buffer.from(`${KEY.key}:${KEY.secret}`).toString('base64')}`;
const CLIENTS = '/api/v5/gateways/coap/clients';

async function relay(apiTimeout = 5000): Promise<Relay> {
  const r = await startRelay({ port: 0, coapPort: 0, apiKey: KEY, apiTimeout });
  closers.push(() => r.close());
  return r;
}

async function attached(r: Relay): Promise<PlaygroundHost> {
  const { host } = page(r, { connection_required: true });
  await until(() => r.attached() && host.relay.state === 'attached');
  return host;
}

interface Device {
  socket: Socket;
  inbox: CoapMessage[];
  /** Sends a CON request and waits for its ACK. */
  call(path: string, o?: { code?: number; observe?: number; token?: number }): Promise<CoapMessage>;
}

async function device(r: Relay): Promise<Device> {
  const s = createSocket('udp4');
  await new Promise<void>((ok) => s.bind(0, '127.0.0.1', () => ok()));
  closers.push(() => s.close());
  const inbox: CoapMessage[] = [];
  s.on('message', (b: Buffer) => {
    const d = decode(new Uint8Array(b));
    if (d.ok) inbox.push(d.message);
  });
  let mid = 100;
  return {
    socket: s,
    inbox,
    async call(path, o = {}) {
      const u = parseUri(`coap://127.0.0.1/${path}`);
      if (!u.ok) throw new Error(u.error);
      const options = [...u.uri.options];
      if (o.observe !== undefined)
        options.push({ number: OPT.Observe, value: encodeUint(o.observe) });
      const m: CoapMessage = {
        type: 'CON',
        code: o.code ?? 2,
        messageId: ++mid,
        token: Uint8Array.of(o.token ?? 1),
        options: options.sort((a, b) => a.number - b.number),
        payload: new Uint8Array(0),
      };
      s.send(encode(m), r.coap.port, r.coap.address);
      let ack: CoapMessage | undefined;
      await until(
        () =>
          (ack = inbox.find((x) => x.type === 'ACK' && x.messageId === m.messageId)) !== undefined,
      );
      return ack as CoapMessage;
    },
  };
}

/** A device connected as `clientid`, with its token. */
async function connected(r: Relay, clientid = 'client1') {
  const d = await device(r);
  const ack = await d.call(`mqtt/connection?clientid=${clientid}`);
  expect(codeDotted(ack.code)).toBe('2.01');
  return { d, token: decodeString(ack.payload) };
}

async function call(
  r: Relay,
  method: string,
  path: string,
  o: { body?: string; auth?: string | null } = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (o.auth !== null) headers.authorization = o.auth ?? AUTH;
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${r.url}${path}`, {
    method,
    headers,
    body: o.body,
    signal: AbortSignal.timeout(8000),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? (JSON.parse(text) as unknown) : undefined,
    headers: res.headers,
  };
}

describe('the management API: auth and the relay', () => {
  it('answers no credentials and wrong ones with 401 and the reference bodies', async () => {
    const r = await relay();
    const none = await call(r, 'GET', CLIENTS, { auth: null });
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ code: 'AUTHORIZATION_HEADER_ERROR' });
    expect(none.headers.get('www-authenticate')).toBe('Basic Realm="emqx-dashboard"');
    const wrong = await call(r, 'GET', CLIENTS, {
      auth: `Basic ${Buffer.from(`${KEY.key}:nope`).toString('base64')}`,
    });
    expect(wrong).toMatchObject({
      status: 401,
      body: { code: 'BAD_API_KEY_OR_SECRET', message: 'Check api_key/api_secret' },
    });
    const bearer = await call(r, 'GET', CLIENTS, { auth: 'Bearer abc' });
    expect(bearer.status).toBe(401);
  });

  it('answers 503 saying to open the page when no page is attached', async () => {
    const r = await relay();
    const res = await call(r, 'GET', CLIENTS);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect((res.body as { message: string }).message).toContain(`open ${r.url}/`);
  });

  it('refuses a foreign Host, unknown routes, wrong methods and oversized bodies without a page', async () => {
    const r = await relay();
    const foreign = await new Promise<number | undefined>((resolve) => {
      const u = new URL(r.url);
      const req = request(
        {
          host: u.hostname,
          port: u.port,
          path: CLIENTS,
          headers: { authorization: AUTH, host: 'evil.example' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.on('error', () => resolve(undefined));
      req.end();
    });
    expect(foreign).toBe(403);
    expect((await call(r, 'GET', '/api/v5/gateways/mqttsn/clients')).status).toBe(404);
    expect(await call(r, 'POST', CLIENTS)).toMatchObject({
      status: 405,
      body: { code: 'METHOD_NOT_ALLOWED' },
    });
    const big = await call(r, 'POST', `${CLIENTS}/c/subscriptions`, {
      body: JSON.stringify({ topic: 'x'.repeat(70_000) }),
    });
    expect(big.status).toBe(413);
    expect(
      await call(r, 'POST', `${CLIENTS}/c/subscriptions`, { body: '{"topic":' }),
    ).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    expect(await call(r, 'GET', `${CLIENTS}?limit=0`)).toMatchObject({
      status: 400,
      body: { code: 'BAD_REQUEST' },
    });
  });
});

describe('the management API against a page (emqx_coap_SUITE)', () => {
  it('t_clients_api: list, search, like, lookup alike; keepalive 15; kick → 204 and the channel is gone', async () => {
    const r = await relay();
    const host = await attached(r);
    await connected(r, 'client1');
    const list = await call(r, 'GET', CLIENTS);
    expect(list.status).toBe(200);
    const { data, meta } = list.body as { data: Array<Record<string, unknown>>; meta: unknown };
    expect(data).toHaveLength(1);
    expect(meta).toEqual({ page: 1, limit: 100, count: 1, hasnext: false });
    const [client1] = data;
    expect(client1).toMatchObject({
      clientid: 'client1',
      connected: true,
      keepalive: 15,
      proto_name: 'CoAP',
      ip_address: '127.0.0.1',
      node: 'emqx@127.0.0.1',
      subscriptions_cnt: 0,
    });
    expect(client1.connected_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    const search = await call(r, 'GET', `${CLIENTS}?clientid=client1`);
    const like = await call(r, 'GET', `${CLIENTS}?like_clientid=cli`);
    const lookup = await call(r, 'GET', `${CLIENTS}/client1`);
    expect((search.body as { data: unknown[] }).data).toEqual([client1]);
    expect((like.body as { data: unknown[] }).data).toEqual([client1]);
    expect(lookup).toMatchObject({ status: 200, body: client1 });

    expect((await call(r, 'DELETE', `${CLIENTS}/client1`)).status).toBe(204);
    expect((await call(r, 'GET', CLIENTS)).body).toMatchObject({ data: [] });
    const snap = await host.snapshot();
    expect(snap.channels).toHaveLength(0);
    expect(snap.closed[0]).toMatchObject({ clientId: 'client1', reason: 'kicked' });
    const ops = host.current.journal
      .since(0)
      .flatMap((e) => (e.kind === 'world' && e.event.kind === 'operator' ? [e.event] : []));
    expect(ops.map((o) => `${o.method} ${o.path} ${o.status}`)).toContain(
      `DELETE ${CLIENTS}/client1 204`,
    );
  });

  it('pages and filters, and answers an unknown client 404 as the reference does', async () => {
    const r = await relay();
    await attached(r);
    for (const id of ['a1', 'a2', 'b1']) await connected(r, id);
    const p1 = await call(r, 'GET', `${CLIENTS}?limit=2&page=1`);
    expect(p1.body).toMatchObject({ meta: { page: 1, limit: 2, count: 3, hasnext: true } });
    expect((p1.body as { data: unknown[] }).data).toHaveLength(2);
    const p2 = await call(r, 'GET', `${CLIENTS}?limit=2&page=2`);
    expect(p2.body).toMatchObject({ meta: { page: 2, count: 3, hasnext: false } });
    expect((p2.body as { data: unknown[] }).data).toHaveLength(1);
    const like = await call(r, 'GET', `${CLIENTS}?like_clientid=a`);
    expect(
      (like.body as { data: Array<{ clientid: string }> }).data.map((c) => c.clientid),
    ).toEqual(['a1', 'a2']);
    const missing = {
      status: 404,
      body: { code: 'RESOURCE_NOT_FOUND', message: 'Client not found' },
    };
    expect(await call(r, 'GET', `${CLIENTS}/nobody`)).toMatchObject(missing);
    expect(await call(r, 'DELETE', `${CLIENTS}/nobody`)).toMatchObject(missing);
    expect((await call(r, 'GET', `${CLIENTS}/nobody/subscriptions`)).status).toBe(404);
  });

  it('t_clients_subscription_api: create → 201, list, subscriptions_cnt 1, delete → 204; the device hears it with no token', async () => {
    const r = await relay();
    const host = await attached(r);
    const { d } = await connected(r, 'client1');
    const path = `${CLIENTS}/client1/subscriptions`;
    expect(await call(r, 'GET', path)).toMatchObject({ status: 200, body: [] });
    const created = await call(r, 'POST', path, {
      body: JSON.stringify({ topic: 'tx', qos: 0, nl: 0, rap: 0, rh: 0 }),
    });
    expect(created).toMatchObject({
      status: 201,
      body: { topic: 'tx', qos: 0, nl: 0, rh: 0, rap: 0 },
    });
    expect(await call(r, 'GET', path)).toMatchObject({ status: 200, body: [{ topic: 'tx' }] });
    expect((await call(r, 'GET', `${CLIENTS}/client1`)).body).toMatchObject({
      subscriptions_cnt: 1,
    });

    // What the device receives: a notification with an empty token.
    await host.dispatch({ type: 'add-mqtt-client', clientId: 'm' });
    await host.dispatch({
      type: 'mqtt-publish',
      client: 'm',
      topic: 'tx',
      payload: new TextEncoder().encode('hello'),
      qos: 0,
      retain: false,
    });
    await until(() => d.inbox.some((m) => m.type !== 'ACK'));
    const n = d.inbox.find((m) => m.type !== 'ACK') as CoapMessage;
    expect(codeDotted(n.code)).toBe('2.05');
    expect(n.token).toHaveLength(0);
    expect(decodeString(n.payload)).toBe('hello');

    expect((await call(r, 'DELETE', `${path}/tx`)).status).toBe(204);
    expect(await call(r, 'GET', path)).toMatchObject({ status: 200, body: [] });
    expect(await call(r, 'DELETE', `${path}/tx`)).toMatchObject({
      status: 404,
      body: { code: 'RESOURCE_NOT_FOUND' },
    });
    // A URL-encoded topic with a slash.
    await call(r, 'POST', path, { body: JSON.stringify({ topic: 'a/b/#' }) });
    expect((await call(r, 'DELETE', `${path}/${encodeURIComponent('a/b/#')}`)).status).toBe(204);
  });

  it('answers bad subscription bodies with 400 BAD_REQUEST', async () => {
    const r = await relay();
    await attached(r);
    await connected(r, 'client1');
    const path = `${CLIENTS}/client1/subscriptions`;
    for (const body of [
      '{}',
      '[]',
      '"x"',
      '{"topic":"t","qos":3}',
      '{"topic":"t","rh":"1"}',
      '{"topic":"a/#/b"}',
    ]) {
      const res = await call(r, 'POST', path, { body });
      expect([res.status, (res.body as { code: string }).code], body).toEqual([400, 'BAD_REQUEST']);
    }
    expect((await call(r, 'POST', path, { body: '{}' })).body).toMatchObject({
      message: 'Miss topic property',
    });
  });

  it('t_clients_get_subscription_api: an observe the device made is listed, and gone once cancelled', async () => {
    const r = await relay();
    await attached(r);
    const { d, token } = await connected(r, 'client1');
    const path = `${CLIENTS}/client1/subscriptions`;
    expect((await call(r, 'GET', path)).body).toEqual([]);
    await d.call(`ps/coap/observe?clientid=client1&token=${token}`, {
      code: 1,
      observe: 0,
      token: 7,
    });
    expect((await call(r, 'GET', path)).body).toMatchObject([{ topic: 'coap/observe' }]);
    await d.call(`ps/coap/observe?clientid=client1&token=${token}`, {
      code: 1,
      observe: 1,
      token: 7,
    });
    expect((await call(r, 'GET', path)).body).toEqual([]);
  });
});

describe('a hostile page', () => {
  /** A page that answers every api-request with `reply(id)`. */
  async function fakePage(r: Relay, reply: (id: number) => string | undefined) {
    const ws = new WebSocket(`${r.url.replace('http', 'ws')}/relay`, { origin: r.url });
    closers.push(() => ws.terminate());
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const m = parseControl(String(data));
      if (m?.type !== 'api-request') return;
      const text = reply(m.id);
      if (text !== undefined) ws.send(text);
    });
    await until(() => r.attached());
  }

  it('gets a malformed answer turned into 502, a garbled one into 504, and the relay keeps serving', async () => {
    const r = await relay(400);
    let mode = 'bad-status';
    const answers: Record<string, (id: number) => string | undefined> = {
      'bad-status': (id) =>
        JSON.stringify({ v: 1, type: 'api-response', id, status: 999, body: {} }),
      '204-body': (id) => JSON.stringify({ v: 1, type: 'api-response', id, status: 204, body: {} }),
      'string-body': (id) =>
        JSON.stringify({ v: 1, type: 'api-response', id, status: 200, body: 'x' }),
      garbage: () => '{"v":1,"type":"api-response","id":',
      silent: () => undefined,
    };
    await fakePage(r, (id) => answers[mode](id));
    expect(await call(r, 'GET', CLIENTS)).toMatchObject({
      status: 502,
      body: { code: 'BAD_PAGE_RESPONSE' },
    });
    mode = 'garbage';
    expect((await call(r, 'GET', CLIENTS)).status).toBe(504);
    mode = 'silent';
    expect(await call(r, 'GET', CLIENTS)).toMatchObject({
      status: 504,
      body: { code: 'PAGE_NOT_RESPONDING' },
    });
    // A 204 with a body and a 200 whose body is a string are bad answers too.
    for (mode of ['204-body', 'string-body'])
      expect((await call(r, 'GET', CLIENTS)).status).toBe(502);
    // The relay still serves: the page's answers were checked, not trusted.
    expect(r.attached()).toBe(true);
    expect((await call(r, 'GET', CLIENTS, { auth: null })).status).toBe(401);
  });
});

describe('npm start --api-key', () => {
  it('accepts KEY:SECRET and refuses anything else', () => {
    expect(parseApiKey('k:s')).toEqual({ ok: true, apiKey: { key: 'k', secret: 's' } });
    expect(parseApiKey('k:s:t')).toEqual({ ok: true, apiKey: { key: 'k', secret: 's:t' } });
    for (const bad of ['', 'nocolon', ':s', 'k:', 'k:s p', `k:${'x'.repeat(300)}`])
      expect(parseApiKey(bad).ok, bad).toBe(false);
  });

  it('exits 2 on a bad value from the flag or API_KEY, before binding anything', () => {
    const run = (args: string[], env: Record<string, string> = {}) =>
      spawnSync(
        process.execPath,
        ['--import', 'tsx', 'src/relay/cli.ts', '--port', '0', '--coap-port', '0', ...args],
        { encoding: 'utf8', timeout: 20_000, env: { ...process.env, ...env } },
      );
    const flag = run(['--api-key', 'no-colon']);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain('error: --api-key must be KEY:SECRET');
    const env = run([], { API_KEY: 'key:' });
    expect(env.status).toBe(2);
    expect(env.stderr).toContain('--api-key must be KEY:SECRET');
  }, 30_000);
});
