// The seed document's lifecycles, walked through the UI as a learner would: presets in the
// composer, answers in the clients panel, channels and their keep-alive in Connections, and the
// virtual clock to make expiry happen in front of the user.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { skipWelcome } from './support/welcome';

const composer = (page: Page) => page.getByRole('form', { name: 'Compose a CoAP request' });
const presets = (page: Page) => page.getByRole('region', { name: 'Presets from the document' });
const send = (page: Page) => composer(page).getByRole('button', { name: /^Send/ });
const client = (page: Page, name: string) => page.getByTestId(`coap-client-${name}`);
const latest = (page: Page, name: string) => client(page, name).getByTestId('exchange').first();
const channel = (page: Page, clientId: string) =>
  page.getByTestId('channel-card').filter({ has: page.getByRole('heading', { name: clientId }) });

async function usePreset(page: Page, name: string) {
  await presets(page).getByRole('button', { name, exact: true }).click();
}

async function sendAndExpect(page: Page, from: string, code: string) {
  // The newest exchange is listed first; wait until the one just sent is there and answered.
  const exchanges = client(page, from).getByTestId('exchange');
  const before = (await exchanges.count())
    ? await latest(page, from).getAttribute('data-exchange-id')
    : '';
  await send(page).click();
  await expect(latest(page, from)).not.toHaveAttribute('data-exchange-id', before ?? '');
  await expect(latest(page, from).getByTestId('exchange-code')).toHaveText(code);
}

async function addClient(page: Page, name: string) {
  const form = page.getByRole('form', { name: 'Add a client' });
  await form.getByRole('textbox').fill(name);
  await form.getByRole('button', { name: 'Add' }).click();
  await expect(client(page, name)).toBeVisible();
}

async function pickClient(page: Page, name: string) {
  await composer(page)
    .getByRole('combobox', { name: /client/i })
    .selectOption(name);
}

test('connection mode: connect, observe, publish, unsubscribe, heartbeat, expiry, disconnect', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto('/?connection_required=true&users=admin:public');
  await expect(presets(page).getByRole('radio', { name: 'connection mode' })).toBeChecked();
  await addClient(page, 'device');
  await pickClient(page, 'device');

  // Connect: 2.01 with the token, which the Connections panel shows too.
  await usePreset(page, 'Connect');
  await sendAndExpect(page, 'device', '2.01 Created');
  const token = (await latest(page, 'device').getByTestId('exchange-payload').textContent()) ?? '';
  expect(token).toMatch(/^[1-9]\d{0,9}$/);
  await expect(channel(page, '123').getByTestId('channel-token')).toHaveText(token);

  // Observe, then publish: the observer's notification carries the payload.
  await usePreset(page, 'Subscribe');
  await sendAndExpect(page, 'device', '2.05 Content');
  await usePreset(page, 'Publish');
  await composer(page).getByRole('textbox', { name: 'Payload' }).fill('hello from the playground');
  await sendAndExpect(page, 'device', '2.04 Changed');
  const observation = client(page, 'device')
    .getByTestId('exchange')
    .filter({ hasText: 'Observe=0' });
  await expect(observation.getByTestId('exchange-notification')).toHaveText(
    'hello from the playground',
  );

  // Unsubscribe: 2.07, and the next publish is not notified.
  await usePreset(page, 'Unsubscribe');
  await sendAndExpect(page, 'device', '2.07 No Content (unregistered; EMQX nocontent)');
  await usePreset(page, 'Publish');
  await composer(page).getByRole('textbox', { name: 'Payload' }).fill('nobody listens');
  await sendAndExpect(page, 'device', '2.04 Changed');
  await expect(observation.getByTestId('exchange-notification')).toHaveText(
    'hello from the playground',
  );

  // A wrong token: 4.01 with the gateway's exact message.
  await usePreset(page, 'Heartbeat');
  await composer(page).getByRole('textbox', { name: 'token · t' }).fill('1');
  await sendAndExpect(page, 'device', '4.01 Unauthorized');
  await expect(latest(page, 'device').getByTestId('exchange-payload')).toHaveText(
    'Invalid token or clientid in connection mode',
  );

  // The heartbeat keeps the session: pause, +30 s, PUT, +30 s: still connected.
  await page.getByRole('radio', { name: 'Pause' }).click();
  await page.getByRole('button', { name: '+30 s' }).click();
  await usePreset(page, 'Heartbeat');
  await sendAndExpect(page, 'device', '2.04 Changed');
  await expect(channel(page, '123').getByTestId('keepalive-last')).toContainText(
    'PUT /mqtt/connection',
  );
  await page.getByRole('button', { name: '+30 s' }).click();
  await expect(channel(page, '123')).toBeVisible();

  // A missed heartbeat expires it, in front of the user (1.5 × 30 s of silence, checked every 15 s).
  await page.getByRole('button', { name: '+30 s' }).click();
  await page.getByRole('button', { name: '+30 s' }).click();
  await expect(channel(page, '123')).toHaveCount(0);
  await expect(page.getByTestId('closed-channel').filter({ hasText: '123' }).first()).toContainText(
    /keep-alive/i,
  );

  // Connect again and disconnect: 2.02 Deleted (the document says 2.01).
  await usePreset(page, 'Connect');
  await sendAndExpect(page, 'device', '2.01 Created');
  await usePreset(page, 'Disconnect');
  await sendAndExpect(page, 'device', '2.02 Deleted');
  await expect(channel(page, '123')).toHaveCount(0);
});

test('connectionless mode: a subscriber sees a publish from another client, payload as text', async ({
  page,
}) => {
  await skipWelcome(page);
  await page.goto('/');
  await expect(presets(page).getByRole('radio', { name: 'connectionless' })).toBeChecked();
  await addClient(page, 'sub');
  await addClient(page, 'pub');
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });

  await pickClient(page, 'sub');
  await usePreset(page, 'Subscribe');
  await sendAndExpect(page, 'sub', '2.05 Content');

  await pickClient(page, 'pub');
  await usePreset(page, 'Publish');
  const evil = '<img src=x onerror=alert(1)>';
  await composer(page).getByRole('textbox', { name: 'Payload' }).fill(evil);
  await sendAndExpect(page, 'pub', '2.04 Changed');

  const notification = client(page, 'sub').getByTestId('exchange-notification');
  await expect(notification).toHaveText(evil);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(dialogs).toBe(0);
});
