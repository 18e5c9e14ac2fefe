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

async function openPage(page: Page, query: string) {
  await page.goto(`${relay.url}/${query}`);
  // The worker attaches to the relay by itself; the relay then answers through the page.
  await expect
    .poll(async () => (await coapClient(['-m', 'put', '-e', '', uri('mqtt/connection')])).stderr, {
      timeout: 20_000,
    })
    .not.toContain('5.03');
}

test.describe('connection mode (seed document examples)', () => {
  test('connect, heartbeat, publish, observe, unsubscribe, disconnect, errors', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await openPage(page, '?connection_required=true&users=admin:public');

    const connect = await coapClient([
      '-m',
      'post',
      '-e',
      '',
      uri('mqtt/connection?clientid=123&username=admin&password=public'),
    ]);
    expect(connect.stderr).toBe('');
    const token = connect.stdout.trim();
    expect(token).toMatch(/^[1-9]\d{0,9}$/);
    const q = `clientid=123&token=${token}`;

    expect(await coapClient(['-m', 'put', '-e', '', uri(`mqtt/connection?${q}`)])).toEqual({
      stdout: '',
      stderr: '',
    });
    expect(
      await coapClient(['-m', 'post', '-e', 'Hi, this is libcoap', uri(`ps/coap/test?${q}`)]),
    ).toEqual({ stdout: '', stderr: '' });

    // Observe for 4 s (libcoap sends a 0-length Observe with -s) while a second device (its own
    // clientid) publishes. The same clientid from yet another port would move the channel's
    // peer there, and the notification with it (the journal says so: peer-moved).
    const other = (
      await coapClient([
        '-m',
        'post',
        '-e',
        '',
        uri('mqtt/connection?clientid=124&username=admin&password=public'),
      ])
    ).stdout.trim();
    const observe = coapClient([
      '-m',
      'get',
      '-s',
      '4',
      '-O',
      '6,0x00',
      '-o',
      '-',
      '-T',
      'obstoken',
      uri(`ps/coap/test?${q}`),
    ]);
    await page.waitForTimeout(1500);
    expect(
      (
        await coapClient([
          '-m',
          'post',
          '-e',
          'notify-1',
          uri(`ps/coap/test?clientid=124&token=${other}`),
        ])
      ).stderr,
    ).toBe('');
    const observed = await observe;
    expect(observed.stderr).toBe('');
    expect(observed.stdout).toContain('notify-1');

    expect(await coapClient(['-m', 'get', '-O', '6,0x01', uri(`ps/coap/test?${q}`)])).toEqual({
      stdout: '',
      stderr: '',
    });

    const wrong = await coapClient([
      '-m',
      'put',
      '-e',
      '',
      uri('mqtt/connection?clientid=123&token=1'),
    ]);
    expect(wrong.stderr.trim()).toBe('4.01 Invalid token or clientid in connection mode');
    const missing = await coapClient(['-m', 'post', '-e', 'x', uri('ps/coap/test?clientid=123')]);
    expect(missing.stderr.trim()).toBe('4.00 Missing token or clientid in connection mode');

    expect(await coapClient(['-m', 'delete', '-e', '', uri(`mqtt/connection?${q}`)])).toEqual({
      stdout: '',
      stderr: '',
    });
    const after = await coapClient(['-m', 'put', '-e', '', uri(`mqtt/connection?${q}`)]);
    expect(after.stderr.trim()).toBe('4.01 Invalid token or clientid in connection mode');

    const badLogin = await coapClient([
      '-m',
      'post',
      '-e',
      '',
      uri('mqtt/connection?clientid=125&username=admin&password=wrong'),
    ]);
    expect(badLogin.stderr.trim()).toBe('4.00 Login Failed: not_authorized');

    // Short parameter names.
    const short = await coapClient([
      '-m',
      'post',
      '-e',
      '',
      uri('mqtt/connection?c=126&u=admin&p=public'),
    ]);
    expect(short.stdout.trim()).toMatch(/^\d+$/);
    expect(
      (
        await coapClient([
          '-m',
          'put',
          '-e',
          '',
          uri(`mqtt/connection?c=126&t=${short.stdout.trim()}`),
        ])
      ).stderr,
    ).toBe('');
  });
});

test.describe('connectionless mode (seed document examples)', () => {
  test('publish, observe with a notification from a second client, unsubscribe from another port', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await openPage(page, '');
    expect(
      await coapClient(['-m', 'post', '-e', 'Hi, this is libcoap', uri('ps/coap/test')]),
    ).toEqual({ stdout: '', stderr: '' });

    const observe = coapClient([
      '-m',
      'get',
      '-s',
      '4',
      '-O',
      '6,0x00',
      '-o',
      '-',
      '-T',
      'obstoken',
      uri('ps/coap/test'),
    ]);
    await page.waitForTimeout(1500);
    await coapClient(['-m', 'post', '-e', 'from-a-second-client', uri('ps/coap/test')]);
    const observed = await observe;
    expect(observed.stdout).toContain('from-a-second-client');

    // Unsubscribe from another source port: 2.07, but it reaches another channel (spec §1.5).
    expect(await coapClient(['-m', 'get', '-O', '6,0x01', uri('ps/coap/test')])).toEqual({
      stdout: '',
      stderr: '',
    });

    // NON requests (-N) get NON answers.
    expect((await coapClient(['-N', '-m', 'post', '-e', 'non', uri('ps/coap/test')])).stderr).toBe(
      '',
    );
    // An unknown path: 4.00 with an empty payload.
    expect((await coapClient(['-m', 'get', uri('nowhere')])).stderr.trim()).toBe('4.00');
  });
});
