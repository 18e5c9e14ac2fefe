// The management API's request down to a device, over real HTTP against `npm start`, with the page
// in Chromium and a UDP device on loopback: every case of emqx_coap_api_SUITE that is observable
// from outside, auth, 503 without a page, and Block2 beyond max_body_size. The gateway is set up as
// the suite's is: connection mode, max_body_size 1KB.
import { expect, test } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import { startDevice } from './support/device';
import type { Device, DeviceMode } from './support/device';
import { startPlayground } from './support/relay';
import type { RunningRelay } from './support/relay';

const KEY = 'opkey:opsecret';
let relay: RunningRelay;
let page: Page | undefined;
let device: Device | undefined;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  relay = await startPlayground(['--api-key', KEY]);
});
test.afterAll(async () => {
  device?.close();
  await page?.close();
  await relay?.stop();
});

const api = (rest: string) => `${relay.url}/api/v5/gateways/coap/clients${rest}`;
const auth = (key = KEY) => ({ Authorization: `Basic ${Buffer.from(key).toString('base64')}` });

async function call(
  method: string,
  rest: string,
  body?: unknown,
  headers: Record<string, string> = auth(),
): Promise<{ status: number; body: Record<string, unknown> | undefined }> {
  const r = await fetch(api(rest), {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await r.text();
  return {
    status: r.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
}

const request = (o: Record<string, unknown> = {}) => ({
  token: 'atoken',
  payload: 'simple echo this',
  timeout: '10s',
  content_type: 'text/plain',
  method: 'get',
  ...o,
});

/** A fresh device connected as client1 (a new connect discards the previous one's channel). */
async function useDevice(mode: DeviceMode) {
  device?.close();
  device = await startDevice(relay.coapPort, mode);
}

test('auth: none and wrong are 401 with the reference bodies; 503 with no page open', async () => {
  const none = await call('GET', '', undefined, {});
  expect(none).toMatchObject({ status: 401, body: { code: 'AUTHORIZATION_HEADER_ERROR' } });
  const wrong = await call('GET', '', undefined, auth('opkey:nope'));
  expect(wrong).toEqual({
    status: 401,
    body: { code: 'BAD_API_KEY_OR_SECRET', message: 'Check api_key/api_secret' },
  });
  const noPage = await call('POST', '/client1/request', request());
  expect(noPage.status).toBe(503);
  expect(String(noPage.body?.message)).toContain('open http://127.0.0.1');
});

test('with the page open, the right key lists no clients', async ({
  browser,
}: {
  browser: Browser;
}) => {
  page = await browser.newPage();
  await page.goto(`${relay.url}/?connection_required=true&blockwise.max_body_size=1024`);
  await expect(page.getByTestId('relay-status')).toContainText('Relay: coap://', {
    timeout: 20_000,
  });
  await expect
    .poll(async () => (await call('GET', '')).body, { timeout: 10_000 })
    .toMatchObject({ data: [], meta: { count: 0 } });
});

test('t_send_request_api: an echoing device answers with the token and payload', async () => {
  await useDevice({ kind: 'echo' });
  const r = await call('POST', '/client1/request?method=get', request());
  expect(r).toMatchObject({
    status: 200,
    body: { token: 'atoken', payload: 'simple echo this', method: '{ok,content}' },
  });
  // The device got a CON GET with no Uri-Path and the Content-Format of text/plain.
  const got = device?.requests.at(-1);
  expect(got).toMatchObject({ type: 'CON', code: 1 });
  expect(got?.options.map((o) => o.number)).toEqual([12]);
  const list = await call('GET', '');
  expect(list.body).toMatchObject({ data: [{ clientid: 'client1', username: 'admin' }] });
});

test('t_send_request_api_octet_stream: base64 in, base64 out', async () => {
  const encoded = Buffer.from([0, 1, 2, 3, 4]).toString('base64');
  const r = await call(
    'POST',
    '/client1/request',
    request({ content_type: 'application/octet-stream', payload: encoded }),
  );
  expect(r).toMatchObject({ status: 200, body: { payload: encoded } });
  expect([...(device?.requests.at(-1)?.payload ?? [])]).toEqual([0, 1, 2, 3, 4]);
});

test('t_send_request_api_missing_content_type: 400 BAD_REQUEST', async () => {
  const { content_type: _ct, ...body } = request();
  void _ct;
  expect(await call('POST', '/client1/request', body)).toEqual({
    status: 400,
    body: { code: 'BAD_REQUEST', message: 'missing content_type' },
  });
});

test('t_send_request_api_client_not_found: 404 CLIENT_NOT_FOUND', async () => {
  expect(await call('POST', '/not_found/request', request({ timeout: '50ms' }))).toEqual({
    status: 404,
    body: { code: 'CLIENT_NOT_FOUND' },
  });
});

test('t_send_request_api_timeout: a silent device gives 504 CLIENT_NOT_RESPONSE', async () => {
  await useDevice({ kind: 'silent' });
  const r = await call('POST', '/client1/request', request({ timeout: '50ms' }));
  expect(r).toEqual({ status: 504, body: { code: 'CLIENT_NOT_RESPONSE' } });
});

test('t_send_request_api_block2: the body is collected block by block', async () => {
  await useDevice({
    kind: 'block2',
    body: new TextEncoder().encode('This is a block2 payload from the device.'),
  });
  const r = await call('POST', '/client1/request', request({ token: 'btoken', payload: 'hello' }));
  expect(r).toMatchObject({
    status: 200,
    body: { payload: 'This is a block2 payload from the device.', token: 'btoken' },
  });
  expect(device?.requests).toHaveLength(3);
});

test('t_send_request_api_block2_too_large: past max_body_size (1KB) the reference’s 4.13', async () => {
  await useDevice({ kind: 'block2', body: new Uint8Array(2048).fill(0x4c) });
  const r = await call('POST', '/client1/request', request({ token: 'btlrg', payload: 'hello' }));
  expect(r).toMatchObject({
    status: 200,
    body: { method: '{error,request_entity_too_large}', token: 'btlrg', payload: '' },
  });
  // 1024 bytes in blocks of 16: the 64th block still says "more", so no 65th is asked for.
  expect(device?.requests).toHaveLength(64);
});

test('…_block2_timeout_followup: block 0, then silence: 504', async () => {
  await useDevice({ kind: 'broken-followup', then: 'nothing' });
  const r = await call('POST', '/client1/request', request({ token: 'ftok', timeout: 200 }));
  expect(r).toEqual({ status: 504, body: { code: 'CLIENT_NOT_RESPONSE' } });
});

test('…_block2_invalid_followup_option and _sequence: 502 CLIENT_BAD_RESPONSE', async () => {
  await useDevice({ kind: 'broken-followup', then: 'no-block2' });
  expect(await call('POST', '/client1/request', request({ token: 'fivopt' }))).toEqual({
    status: 502,
    body: { code: 'CLIENT_BAD_RESPONSE' },
  });
  await useDevice({ kind: 'broken-followup', then: 'wrong-block' });
  expect(await call('POST', '/client1/request', request({ token: 'fivseq' }))).toEqual({
    status: 502,
    body: { code: 'CLIENT_BAD_RESPONSE' },
  });
});

test('kick: 204, the client leaves the list, and a request then finds no client', async () => {
  await useDevice({ kind: 'echo' });
  expect((await call('DELETE', '/client1')).status).toBe(204);
  expect((await call('GET', '')).body).toMatchObject({ data: [], meta: { count: 0 } });
  expect((await call('POST', '/client1/request', request())).status).toBe(404);
});

test('the page journals every call as operator, and draws the operator lane', async () => {
  const p = page as Page;
  await p.getByRole('tab', { name: 'Operator' }).click();
  await expect(p.getByTestId('operator-activity')).toContainText('DELETE …/clients/client1');
  await expect(p.getByTestId('operator-activity')).toContainText('POST …/clients/client1/request');
  await p.getByRole('tab', { name: 'Sequence' }).click();
  await expect(p.getByText('Operator (API)').first()).toBeVisible();
});
