// Issue 7: the gateway in the page on a real MQTT broker. Debian's mosquitto with a WebSocket
// listener on loopback, `npm start` on free ports, the real coap-client-notls on one side and the
// real mosquitto_sub / mosquitto_pub on the other, both directions, and the broker going away.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { backgroundSub, mosquittoClient, startMosquitto } from './support/mosquitto';
import type { RunningMosquitto } from './support/mosquitto';
import { coapClient, startPlayground } from './support/relay';
import type { RunningRelay } from './support/relay';

let relay: RunningRelay;
let mosq: RunningMosquitto;
test.beforeAll(async () => {
  mosq = await startMosquitto();
  relay = await startPlayground();
});
test.afterAll(async () => {
  await relay?.stop();
  await mosq?.stop();
});

const uri = (path: string) => `coap://127.0.0.1:${relay.coapPort}/${path}`;
const post = (path: string, payload: string) =>
  coapClient(['-m', 'post', '-e', payload, uri(path)]);
const badge = (page: Page) => page.getByTestId('broker-state').first();

/** Opens the page on the real broker and waits until both the broker link and the relay are up. */
async function openOnBroker(page: Page, query = '') {
  await page.goto(`${relay.url}/?${query}${query ? '&' : ''}broker=${mosq.wsUrl}`);
  await expect(badge(page)).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
  await expect(badge(page)).toContainText(`Connected to ${mosq.wsUrl}`);
  // The worker attaches to the relay by itself; until then the relay answers 5.03.
  await expect
    .poll(async () => (await post('ps/warmup/x', '')).stderr, { timeout: 20_000 })
    .not.toContain('5.03');
}

/** Waits until the broker's verbose log shows a SUBSCRIBE of `filter`. */
async function subscribedAtBroker(filter: string) {
  await expect.poll(() => mosq.log().includes(`\t${filter} (QoS`), { timeout: 10_000 }).toBe(true);
}

test('CoAP publishes reach mosquitto_sub with their QoS, retain and expiry; mosquitto_pub reaches a CoAP observer', async ({
  page,
}) => {
  test.setTimeout(90_000);
  // Retain As Published, so mosquitto_sub prints the publisher's RETAIN flag; %E is the expiry.
  const sub = backgroundSub([
    ...['-h', '127.0.0.1', '-p', String(mosq.tcpPort), '-V', 'mqttv5', '-i', 'e2e-sub'],
    ...['-t', 'coap/#', '-q', '2', '--retain-as-published', '-F', '%t|%p|%q|%r|%E'],
  ]);
  try {
    await subscribedAtBroker('coap/#');

    // Connectionless mode (the default).
    await openOnBroker(page);
    expect(await post('ps/coap/nl?qos=1&retain=true&expiry=120', 'hello-nl')).toEqual({
      stdout: '',
      stderr: '',
    });
    await expect.poll(() => sub.lines(), { timeout: 10_000 }).toHaveLength(1);
    expect(sub.lines()[0]).toMatch(/^coap\/nl\|hello-nl\|1\|1\|1(19|20)$/);

    // Connection mode: connect, then a CON publish at QoS 2 without retain or expiry.
    await openOnBroker(page, 'connection_required=true');
    const token = (await post('mqtt/connection?clientid=dev1', '')).stdout.trim();
    expect(token).toMatch(/^\d+$/);
    const q = `clientid=dev1&token=${token}`;
    expect(await post(`ps/coap/cm?${q}&qos=2`, 'hello-cm')).toEqual({ stdout: '', stderr: '' });
    await expect.poll(() => sub.lines(), { timeout: 10_000 }).toHaveLength(2);
    expect(sub.lines()[1]).toBe('coap/cm|hello-cm|2|0|');

    // The other way: an observer in the page's gateway, a publish from mosquitto_pub.
    const observe = coapClient(
      ['-m', 'get', '-s', '8', '-O', '6,0x00', '-o', '-', '-T', 'obs', uri(`ps/coap/down?${q}`)],
      30_000,
    );
    await subscribedAtBroker('coap/down');
    const pub = await mosquittoClient('mosquitto_pub', [
      ...['-h', '127.0.0.1', '-p', String(mosq.tcpPort), '-V', 'mqttv5'],
      ...['-t', 'coap/down', '-m', 'from-mosquitto', '-q', '1'],
    ]);
    expect(pub.code).toBe(0);
    const observed = await observe;
    expect(observed.stderr).toBe('');
    expect(observed.stdout).toContain('from-mosquitto');
    // Clear the retained message for the next test.
    await mosquittoClient('mosquitto_pub', [
      ...['-h', '127.0.0.1', '-p', String(mosq.tcpPort), '-t', 'coap/nl', '-r', '-n'],
    ]);
  } finally {
    await sub.stop();
  }
});

test('losing the broker is visible; CoAP publishes are still accepted and arrive after it is back', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await openOnBroker(page);
  await page
    .locator('section[aria-labelledby="gateway-title"]')
    .getByRole('tab', { name: 'Settings' })
    .click();

  await mosq.kill();
  await expect(badge(page)).toHaveAttribute('data-state', /reconnecting|connecting/, {
    timeout: 10_000,
  });
  await expect(page.getByTestId('broker-events')).toContainText('lost the connection');
  await page
    .getByRole('group', { name: 'MQTT broker' })
    .screenshot({ path: 'test-results/broker-lost.png' });

  // The gateway still answers and accepts: 2.04, and the publishes wait in the queue.
  expect(await post('ps/coap/q1?qos=1&retain=true', 'queued-1')).toEqual({
    stdout: '',
    stderr: '',
  });
  expect(await post('ps/coap/q2?retain=true', 'queued-2')).toEqual({ stdout: '', stderr: '' });
  await expect(page.getByTestId('broker-stats')).toContainText('2 queued');

  await mosq.restart();
  await expect(badge(page)).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
  await expect(page.getByTestId('broker-events')).toContainText('sent 2 queued publishes');
  await expect(page.getByTestId('broker-stats')).toContainText('0 queued');
  await page
    .getByRole('group', { name: 'MQTT broker' })
    .screenshot({ path: 'test-results/broker-back.png' });

  // The restarted broker has them (as retained messages, since it kept nothing of its own).
  const got = await mosquittoClient('mosquitto_sub', [
    ...['-h', '127.0.0.1', '-p', String(mosq.tcpPort), '-V', 'mqttv5'],
    ...['-t', 'coap/+', '-C', '2', '-W', '10', '-F', '%t|%p|%r'],
  ]);
  expect(got.stdout.trim().split('\n').sort()).toEqual([
    'coap/q1|queued-1|1',
    'coap/q2|queued-2|1',
  ]);
});

test('a bad broker URL gives a notice and the built-in broker', async ({ page }) => {
  await page.goto(`${relay.url}/?broker=mqtt://127.0.0.1:1883`);
  await expect(page.getByText(/must start with ws:\/\/ or wss:\/\//)).toBeVisible();
  await expect(badge(page)).toHaveCount(0); // the header shows a badge only for a real broker
});
