// Every example of the seed document, run with the real libcoap coap-client-notls against the
// gateway running in a real page (Debian Chromium), through the relay started by `npm start`.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { coapClient, startPlayground } from './support/relay';
import type { RunningRelay } from './support/relay';

let relay: RunningRelay;
test.beforeAll(async () => {
  relay = await startPlayground();
});
test.afterAll(async () => {
  await relay?.stop();
});

const uri = (path: string) => `coap://127.0.0.1:${relay.coapPort}/${path}`;
/** What coap-client prints for a 2.xx answer with an empty payload: nothing at all. */
const SILENT = { stdout: '', stderr: '' };

// The seed document's commands, one helper each.
const post = (path: string, payload = '', ...flags: string[]) =>
  coapClient([...flags, '-m', 'post', '-e', payload, uri(path)]);
const put = (path: string) => coapClient(['-m', 'put', '-e', '', uri(path)]);
const del = (path: string) => coapClient(['-m', 'delete', '-e', '', uri(path)]);
const get = (path: string) => coapClient(['-m', 'get', uri(path)]);
/** `-s N -O 6,0x00 -o - -T obstoken`: libcoap sends its own 0-length Observe with -s. */
const observeFor = (seconds: number, path: string) =>
  coapClient([
    '-m',
    'get',
    '-s',
    String(seconds),
    '-O',
    '6,0x00',
    '-o',
    '-',
    '-T',
    'obstoken',
    uri(path),
  ]);
const unobserve = (path: string) => coapClient(['-m', 'get', '-O', '6,0x01', uri(path)]);

async function openPage(page: Page, query: string) {
  await page.goto(`${relay.url}/${query}`);
  // The worker attaches to the relay by itself; until then the relay answers 5.03.
  await expect
    .poll(async () => (await put('mqtt/connection')).stderr, { timeout: 20_000 })
    .not.toContain('5.03');
}

test.describe('connection mode (seed document examples)', () => {
  test('connect, heartbeat, publish, observe, unsubscribe, disconnect, errors', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await openPage(page, '?connection_required=true&users=admin:public');

    const connect = await post('mqtt/connection?clientid=123&username=admin&password=public');
    expect(connect.stderr).toBe('');
    const token = connect.stdout.trim();
    expect(token).toMatch(/^[1-9]\d{0,9}$/);
    const q = `clientid=123&token=${token}`;

    expect(await put(`mqtt/connection?${q}`)).toEqual(SILENT);
    expect(await post(`ps/coap/test?${q}`, 'Hi, this is libcoap')).toEqual(SILENT);

    // Observe for 4 s while a second device (its own clientid) publishes. The same clientid from
    // yet another port would move the channel's peer there, and the notification with it (the
    // journal says so: peer-moved).
    const other = (
      await post('mqtt/connection?clientid=124&username=admin&password=public')
    ).stdout.trim();
    const observe = observeFor(4, `ps/coap/test?${q}`);
    await page.waitForTimeout(1500);
    expect((await post(`ps/coap/test?clientid=124&token=${other}`, 'notify-1')).stderr).toBe('');
    const observed = await observe;
    expect(observed.stderr).toBe('');
    expect(observed.stdout).toContain('notify-1');

    expect(await unobserve(`ps/coap/test?${q}`)).toEqual(SILENT);

    expect((await put('mqtt/connection?clientid=123&token=1')).stderr.trim()).toBe(
      '4.01 Invalid token or clientid in connection mode',
    );
    expect((await post('ps/coap/test?clientid=123', 'x')).stderr.trim()).toBe(
      '4.00 Missing token or clientid in connection mode',
    );

    expect(await del(`mqtt/connection?${q}`)).toEqual(SILENT);
    expect((await put(`mqtt/connection?${q}`)).stderr.trim()).toBe(
      '4.01 Invalid token or clientid in connection mode',
    );

    const badLogin = await post('mqtt/connection?clientid=125&username=admin&password=wrong');
    expect(badLogin.stderr.trim()).toBe('4.00 Login Failed: not_authorized');

    // Short parameter names.
    const short = (await post('mqtt/connection?c=126&u=admin&p=public')).stdout.trim();
    expect(short).toMatch(/^\d+$/);
    expect((await put(`mqtt/connection?c=126&t=${short}`)).stderr).toBe('');
  });
});

test.describe('connectionless mode (seed document examples)', () => {
  test('publish, observe with a notification from a second client, unsubscribe from another port', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await openPage(page, '');
    expect(await post('ps/coap/test', 'Hi, this is libcoap')).toEqual(SILENT);

    const observe = observeFor(4, 'ps/coap/test');
    await page.waitForTimeout(1500);
    await post('ps/coap/test', 'from-a-second-client');
    expect((await observe).stdout).toContain('from-a-second-client');

    // Unsubscribe from another source port: 2.07, but it reaches another channel (gateway-behaviour §1.5).
    expect(await unobserve('ps/coap/test')).toEqual(SILENT);

    // NON requests (-N) get NON answers; an unknown path gets 4.00 with an empty payload.
    expect((await post('ps/coap/test', 'non', '-N')).stderr).toBe('');
    expect((await get('nowhere')).stderr.trim()).toBe('4.00');
  });
});
