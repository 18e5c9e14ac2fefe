import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

const composer = (page: Page) => page.getByRole('form', { name: 'Compose a CoAP request' });
const presets = (page: Page) => page.getByRole('region', { name: 'Presets from the document' });
const preset = (page: Page, name: string) =>
  presets(page).getByRole('button', { name, exact: true });
const sendButton = (page: Page) => composer(page).getByRole('button', { name: /^Send/ });
const coapClient = (page: Page, name: string) => page.getByTestId(`coap-client-${name}`);
const payloadBox = (page: Page) => composer(page).getByRole('textbox', { name: 'Payload' });

async function defaultClientReady(page: Page) {
  // The page starts with a simulated client of its own.
  await expect(sendButton(page)).toHaveText('Send from device');
}

async function addMqttClient(page: Page, clientId: string) {
  const form = page.getByRole('form', { name: 'Add a client' });
  await form.getByText('MQTT', { exact: true }).click();
  await form.getByRole('textbox', { name: 'MQTT clientId' }).fill(clientId);
  await form.getByRole('button', { name: 'Add' }).click();
  await expect(page.getByTestId(`mqtt-client-${clientId}`)).toBeVisible();
}

test.beforeEach(async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/?connection_required=true');
  // The presets follow the gateway's mode once the settings from the address are loaded.
  await expect(presets(page).getByRole('radio', { name: 'connection mode' })).toBeChecked();
});

test('connects with the preset, then publishes with the token the gateway issued', async ({
  page,
}) => {
  await defaultClientReady(page);
  await preset(page, 'Connect').click();
  await expect(composer(page).getByTestId('composer-summary')).toContainText(
    'CON POST /mqtt/connection?clientid=123&username=admin&password=public',
  );
  await sendButton(page).click();

  const first = coapClient(page, 'device').getByTestId('exchange').first();
  await expect(first.getByTestId('exchange-code')).toHaveText('2.01 Created');
  await expect(first.getByTestId('exchange-payload')).toHaveText(/^[1-9]\d{0,9}$/);
  const token = (await first.getByTestId('exchange-payload').textContent()) ?? '';
  await expect(composer(page).getByTestId('send-result')).toContainText('2.01 Created');

  // Publish in connection mode carries clientid and that token.
  await preset(page, 'Publish').click();
  await expect(composer(page).getByRole('textbox', { name: 'token · t' })).toHaveValue(token);
  await expect(composer(page).getByTestId('composer-summary')).toContainText(
    `CON POST /ps/coap/test?clientid=123&token=${token}`,
  );
  await sendButton(page).click();
  await expect(
    coapClient(page, 'device').getByTestId('exchange').first().getByTestId('exchange-code'),
  ).toHaveText('2.04 Changed');
  await expect(coapClient(page, 'device').getByTestId('exchange')).toHaveCount(2);
});

test('a preset in connection mode says when no token has been issued yet', async ({ page }) => {
  await preset(page, 'Heartbeat').click();
  await expect(presets(page)).toContainText('send Connect first');
  await presets(page).getByText('connectionless', { exact: true }).click();
  await preset(page, 'Heartbeat').click();
  await expect(presets(page)).not.toContainText('send Connect first');
  await expect(composer(page).getByTestId('composer-summary')).toContainText(
    'CON PUT /mqtt/connection ·',
  );
});

test('the byte preview follows the path', async ({ page }) => {
  const bytes = composer(page).getByTestId('composer-bytes');
  await expect(bytes).toContainText('b2 70 73'); // Uri-Path "ps"
  const before = await bytes.textContent();
  await composer(page).getByRole('combobox', { name: 'Path' }).fill('ps/other');
  await expect(bytes).not.toHaveText(before ?? '');
  await expect(bytes).toContainText('05 6f 74 68 65 72'); // Uri-Path "other"
  // The message ID and the random token are not known before sending.
  await expect(bytes.locator('[data-pending]')).toHaveCount(2);
  await expect(composer(page)).toContainText('message ID and random token: assigned on send');
});

test('copies the request as a coap-client command', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const command = composer(page).getByTestId('coap-client-command');
  await expect(command).toContainText('coap-client-notls -m post');
  await expect(command).toHaveText(
    "coap-client-notls -m post -e 'Hi, this is libcoap' coap://127.0.0.1/ps/coap/test",
  );
  await composer(page).getByRole('button', { name: 'Copy as coap-client command' }).click();
  await expect(composer(page).getByText(/Copied to the clipboard|Selected: press/)).toBeVisible();

  await preset(page, 'Subscribe').click();
  await expect(command).toContainText('-m get -s 60 -T obstokem');
  await expect(composer(page)).toContainText('libcoap adds 1 to the -T token');
});

test('an invalid JSON payload disables Send and says why', async ({ page }) => {
  await defaultClientReady(page);
  await composer(page).getByText('JSON', { exact: true }).click();
  await payloadBox(page).fill('{"temperature": }');
  await expect(sendButton(page)).toBeDisabled();
  await expect(composer(page).getByTestId('send-blocked')).toContainText(
    'Payload is not valid JSON',
  );
  await payloadBox(page).fill('{"temperature": 21.5}');
  await expect(sendButton(page)).toBeEnabled();
  await expect(composer(page).getByTestId('send-blocked')).toHaveCount(0);

  await composer(page).getByText('Hex', { exact: true }).click();
  await payloadBox(page).fill('de ad b');
  await expect(sendButton(page)).toBeDisabled();
  await expect(composer(page).getByTestId('send-blocked')).toContainText(
    'odd number of hex digits',
  );
});

test('an MQTT client sees a CoAP publish of HTML as text', async ({ page }) => {
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  const html = '<img src=x onerror=alert(1)>';
  await defaultClientReady(page);
  await addMqttClient(page, 'dashboard');
  const mqtt = page.getByTestId('mqtt-client-dashboard');
  await mqtt.locator('summary', { hasText: 'Subscribe' }).click(); // open the form
  await mqtt.getByRole('textbox', { name: 'Topic filter' }).fill('coap/#');
  await mqtt.getByRole('button', { name: 'Subscribe', exact: true }).click();
  await expect(mqtt.getByRole('list', { name: 'Subscriptions' })).toContainText('coap/#');

  // Connection mode: connect, then publish with the token the gateway issued.
  await preset(page, 'Connect').click();
  await sendButton(page).click();
  await expect(
    coapClient(page, 'device').getByTestId('exchange').first().getByTestId('exchange-code'),
  ).toHaveText('2.01 Created');
  await preset(page, 'Publish').click();
  await payloadBox(page).fill(html);
  const images = await page.locator('img').count();
  await sendButton(page).click();

  await expect(mqtt.getByTestId('mqtt-message').first()).toContainText('coap/test');
  await expect(mqtt.getByTestId('mqtt-payload').first()).toHaveText(html);
  await expect(page.locator('img')).toHaveCount(images);
  await expect(page.locator('main img')).toHaveCount(0);
  expect(dialogs).toBe(0);
});

/** The page's test hook (`?testhooks`): intents straight to the world. */
interface Hooked {
  __playground: {
    dispatch: (i: unknown) => Promise<{ ok: boolean }>;
    dispatchAll: (i: unknown[]) => Promise<{ ok: boolean }[]>;
  };
  __changes: string[];
}

test('a flood of traffic does not redraw the composer, which still follows the clients', async ({
  page,
}) => {
  await page.goto('/?testhooks');
  await page.waitForFunction(() => '__playground' in window);
  await page.evaluate(() =>
    (window as unknown as Hooked).__playground.dispatch({
      type: 'add-coap-client',
      name: 'sensor',
    }),
  );
  await expect(sendButton(page)).toHaveText('Send from sensor');

  // Every change to the composer's DOM while 600 datagrams come in (four renders a second).
  await composer(page).evaluate((form) => {
    const w = window as unknown as Hooked;
    w.__changes = [];
    new MutationObserver((records) => {
      for (const r of records)
        w.__changes.push(`${r.type} ${r.target.nodeName} ${r.attributeName ?? ''}`);
    }).observe(form, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  const count = page.getByTestId('packet-count');
  const before = Number((await count.textContent())?.replace(/\D/g, ''));
  for (let round = 0; round < 6; round++) {
    const results = await page.evaluate(() =>
      (window as unknown as Hooked).__playground.dispatchAll(
        Array.from({ length: 50 }, () => ({
          type: 'send',
          client: 'sensor',
          spec: {
            method: 'POST',
            confirmable: false,
            path: 'ps/flood/t',
            payload: new TextEncoder().encode('21.5'),
          },
        })),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    await page.waitForTimeout(150);
  }
  // Each publish is a request and its reply: the log shows them all, so the page rendered them.
  await expect(count).toHaveText(`${before + 600} packets`);
  expect(await page.evaluate(() => (window as unknown as Hooked).__changes)).toEqual([]);

  // What the composer shows does follow the world: a new client is offered at once.
  await page.evaluate(() =>
    (window as unknown as Hooked).__playground.dispatch({ type: 'add-coap-client', name: 'meter' }),
  );
  await expect(composer(page).getByRole('combobox', { name: 'From client' })).toContainText(
    'meter',
  );
});

for (const theme of ['light', 'dark'] as const) {
  test(`the composer and clients have no serious or critical axe violations (${theme})`, async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await page.emulateMedia({ colorScheme: theme });
    await page.reload();
    await expect(presets(page).getByRole('radio', { name: 'connection mode' })).toBeChecked();
    await defaultClientReady(page);
    await addMqttClient(page, 'dashboard');
    await preset(page, 'Connect').click();
    await sendButton(page).click();
    await expect(
      coapClient(page, 'device').getByTestId('exchange').first().getByTestId('exchange-code'),
    ).toHaveText('2.01 Created');
    await preset(page, 'Publish').click();
    await composer(page).getByText('JSON', { exact: true }).click();
    await payloadBox(page).fill('{"a": }');
    await coapClient(page, 'device').getByText('Link conditions').click();
    await page
      .getByTestId('mqtt-client-dashboard')
      .locator('summary', { hasText: 'Publish' })
      .click();
    const check = async () => {
      const { violations } = await new AxeBuilder({ page })
        .include('section[aria-labelledby="composer-title"]')
        .include('section[aria-labelledby="clients-title"]')
        .analyze();
      const bad = violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
      expect(bad).toEqual([]);
    };
    // Errors shown and Send disabled; then a valid request (Send enabled, a command shown).
    await check();
    await payloadBox(page).fill('{"a": 1}');
    await expect(sendButton(page)).toBeEnabled();
    await check();
  });
}
