// The request API answered by the page's world, with simulated devices that answer as CoAP
// servers (src/sim/device.ts): the JSON the reference returns, and the journal's operator entries.
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../sim';
import type { ApiAnswer } from '../wire/api';
import { PlaygroundHost } from './host';
import type { DeviceBehaviour } from '../sim';
import { FakeEnv } from './testing/fake-env';
import { said } from '../ui/i18n/testing/rendered';

async function setup(behaviour: DeviceBehaviour, query = 'connection_required=true') {
  const env = new FakeEnv(1000);
  const host = new PlaygroundHost(env, { seed: 3 });
  await host.dispatch({ type: 'load-settings', query });
  await host.dispatch({ type: 'add-coap-client', name: 'device' });
  await host.dispatch({ type: 'set-device', client: 'device', behaviour });
  await host.dispatch({
    type: 'send',
    client: 'device',
    spec: { method: 'POST', path: 'mqtt/connection?clientid=client1', confirmable: true },
  });
  env.run(100);
  return { env, host };
}

const request = (body: Record<string, string | number>, clientid = 'client1') => ({
  method: 'POST' as const,
  path: `/gateways/coap/clients/${clientid}/request`,
  query: [] as Array<[string, string]>,
  body,
});

const REQ = {
  method: 'get',
  token: 'atoken',
  payload: 'simple echo this',
  timeout: '10s',
  content_type: 'text/plain',
};

/** Runs the fake clock until the answer comes, at most `ms`. */
async function answer(env: FakeEnv, p: ApiAnswer | Promise<ApiAnswer>, ms = 20_000) {
  let got: ApiAnswer | undefined;
  void Promise.resolve(p).then((a) => (got = a));
  for (let t = 0; t < ms && !got; t += 10) {
    env.run(10);
    await Promise.resolve();
  }
  await Promise.resolve();
  return got;
}

const operator = (host: PlaygroundHost) =>
  host.current.journal
    .since(0)
    .flatMap((e: JournalEntry) =>
      e.kind === 'world' && e.event.kind === 'operator' ? [e.event] : [],
    );

/** The items of kind `kind` in client1's channel's story. */
const storyOf = (host: PlaygroundHost, kind: string) => {
  const ch = host.current.gateway.registered('client1');
  return (ch ? (host.current.story(ch.id)?.items ?? []) : []).filter((i) => i.kind === kind);
};

describe('POST …/request against the world', () => {
  it('an echoing device: 200 with its id, token, method and payload (t_send_request_api)', async () => {
    const { env, host } = await setup({ kind: 'echo' });
    const a = await answer(env, host.api(request(REQ)));
    expect(a).toMatchObject({
      status: 200,
      body: { token: 'atoken', payload: 'simple echo this', method: '{ok,content}' },
    });
    expect(typeof (a?.body as { id: unknown }).id).toBe('number');
    expect(operator(host).map((e) => [e.phase, e.status])).toEqual([
      ['sent', undefined],
      ['answer', 200],
    ]);
    // The gateway's event and CON, and the answer to the operator, name the call that caused them.
    const entries = host.current.journal.since(0);
    const sent = entries.find((e) => e.kind === 'world' && e.event.kind === 'operator');
    const caused = entries.filter((e) => e.cause === sent?.seq && e.causeKind === 'call');
    expect(caused.map((e) => (e.kind === 'world' ? e.event.kind : e.kind))).toEqual([
      'gateway',
      'datagram',
      'operator',
    ]);
  });

  it('base64 both ways for application/octet-stream (t_send_request_api_octet_stream)', async () => {
    const { env, host } = await setup({ kind: 'echo' });
    const encoded = Buffer.from([0, 1, 2, 3, 4]).toString('base64');
    const a = await answer(
      env,
      host.api(request({ ...REQ, content_type: 'application/octet-stream', payload: encoded })),
    );
    expect(a).toMatchObject({ status: 200, body: { payload: encoded } });
  });

  it('404 CLIENT_NOT_FOUND, 400 missing content_type', async () => {
    const { host } = await setup({ kind: 'echo' });
    expect(host.api(request(REQ, 'not_found'))).toEqual({
      status: 404,
      body: { code: 'CLIENT_NOT_FOUND' },
    });
    const rest: Record<string, string> = { ...REQ };
    delete rest.content_type;
    expect(host.api(request(rest))).toEqual({
      status: 400,
      body: { code: 'BAD_REQUEST', message: 'missing content_type' },
    });
  });

  it('a silent device: 504 CLIENT_NOT_RESPONSE after the timeout (t_send_request_api_timeout)', async () => {
    const { env, host } = await setup({ kind: 'silent' });
    const p = host.api(request({ ...REQ, timeout: '50ms' }));
    const a = await answer(env, p);
    expect(a).toEqual({ status: 504, body: { code: 'CLIENT_NOT_RESPONSE' } });
    expect(said(storyOf(host, 'operator').at(-1)?.text)).toMatch(/ended unanswered \(504/);
  });

  it("tells the channel's story: the request down (linked to its CON), the answer (linked to the device's), an API subscription", async () => {
    const { env, host } = await setup({ kind: 'echo' });
    await answer(env, host.api(request(REQ)));
    const [down, answered] = storyOf(host, 'operator');
    const datagram = (seq: number | undefined) =>
      host.current.journal.since(0).find((e) => e.seq === seq && e.kind === 'datagram');
    expect(said(down.text)).toMatch(/^The operator's request went down to client1/);
    expect(datagram(down.packet)).toMatchObject({
      direction: 'from-gateway',
      summary: { type: 'CON', code: '0.01 GET' },
      causeKind: 'call',
    });
    expect(said(answered.text)).toMatch(/answered: the device responded/);
    expect(datagram(answered.packet)).toMatchObject({
      direction: 'to-gateway',
      summary: { type: 'ACK', code: '2.05 Content' },
    });
    await host.api({
      method: 'POST',
      path: '/gateways/coap/clients/client1/subscriptions',
      query: [],
      body: { topic: 'cmd/client1', qos: 1 },
    });
    expect(said(storyOf(host, 'operator').at(-1)?.text)).toBe(
      'Subscribed to cmd/client1 by the operator (API)',
    );
  });

  it('a fixed answer: 4.04 as {error,not_found}', async () => {
    const { env, host } = await setup({ kind: 'fixed', code: '4.04', body: 'nothing here' });
    const a = await answer(env, host.api(request(REQ)));
    expect(a).toMatchObject({
      status: 200,
      body: { method: '{error,not_found}', payload: 'nothing here' },
    });
  });

  it('a separate response after a delay: 200 with the separate CON’s Message ID', async () => {
    const { env, host } = await setup({ kind: 'separate', delay: 1500 });
    const a = await answer(env, host.api(request(REQ)));
    expect(a).toMatchObject({ status: 200, body: { payload: 'simple echo this' } });
  });

  it('a large body is collected over Block2; past max_body_size the reference’s 4.13', async () => {
    const { env, host } = await setup({ kind: 'large', size: 600, blockSize: 64 });
    const a = await answer(env, host.api(request(REQ)));
    expect((a?.body as { payload: string }).payload).toHaveLength(600);
    const small = await setup(
      { kind: 'large', size: 2048, blockSize: 16 },
      'connection_required=true&blockwise.max_body_size=1024',
    );
    const b = await answer(small.env, small.host.api(request(REQ)));
    expect(b).toMatchObject({
      status: 200,
      body: { id: 'undefined', method: '{error,request_entity_too_large}', payload: '' },
    });
  });

  it('a call waiting when the world starts over ends with 504', async () => {
    const { env, host } = await setup({ kind: 'silent' });
    const p = host.api(request(REQ));
    await host.dispatch({ type: 'reset' });
    const a = await answer(env, p, 100);
    expect(a).toMatchObject({ status: 504, body: { code: 'CLIENT_NOT_RESPONSE' } });
  });
});
