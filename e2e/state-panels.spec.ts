import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { Intent, IntentResult } from '../src/worker/api';

// The gateway-state panels (Connections, Topics, Settings) and the clock in the header. Traffic is
// made through the page's test hook (`?testhooks`), so these tests do not depend on the composer.

const XSS = '<img src=x onerror=alert(1)>';

declare global {
  interface Window {
    __playground?: { dispatch: (i: Intent) => Promise<IntentResult> };
  }
}

async function open(page: Page, query: string): Promise<void> {
  page.on('dialog', (d) => {
    throw new Error(`unexpected dialog: ${d.message()}`);
  });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`/?${query}${query ? '&' : ''}testhooks`);
  await page.waitForFunction(() => window.__playground !== undefined);
}

async function dispatch(page: Page, intent: Intent): Promise<IntentResult> {
  const r = await page.evaluate((i) => window.__playground!.dispatch(i), intent);
  expect(r, JSON.stringify(intent)).toMatchObject({ ok: true });
  return r;
}

const gateway = (page: Page) => page.locator('section[aria-labelledby="gateway-title"]');
const card = (page: Page, clientId: string) =>
  page.getByTestId('channel-card').filter({ has: page.getByRole('heading', { name: clientId }) });

/** "expires in 23.4 s" / "expires in 53 s" → seconds. */
async function secondsLeft(page: Page, clientId: string): Promise<number> {
  const text = await card(page, clientId).getByTestId('keepalive-countdown').textContent();
  const m = /expires in (\d+(?:\.\d+)?) s/.exec(text ?? '');
  expect(m, text ?? '').not.toBeNull();
  return Number(m![1]);
}

async function pause(page: Page): Promise<void> {
  const pauseButton = page.getByRole('radio', { name: 'Pause' });
  await pauseButton.click();
  await expect(pauseButton).toHaveAttribute('aria-checked', 'true');
}

/** Connects `clientId` from a new simulated client and returns the token the Connections card shows. */
async function connect(page: Page, client: string, clientId: string, extra = ''): Promise<string> {
  await dispatch(page, { type: 'add-coap-client', name: client });
  await dispatch(page, {
    type: 'send',
    client,
    spec: {
      method: 'POST',
      confirmable: true,
      path: `mqtt/connection?clientid=${clientId}${extra}`,
    },
  });
  await dispatch(page, { type: 'clock-advance', ms: 100 });
  const token = card(page, clientId).getByTestId('channel-token');
  await expect(token).toHaveText(/^[1-9]\d{0,9}$/);
  return (await token.textContent()) as string;
}

test('a connection shows its token, a heartbeat resets its countdown, and keep-alive expires it', async ({
  page,
}) => {
  await open(page, 'connection_required=true&heartbeat=30s');
  await pause(page);
  // Nothing is scheduled in an empty world: nothing to step to.
  await expect(page.getByRole('button', { name: 'Step to next deadline' })).toBeDisabled();

  const token = await connect(page, 'sensor', 'dev1');
  const c = card(page, 'dev1');
  await expect(c).toContainText('connection');
  await expect(c).toContainText('connected');
  await expect(c).toContainText('simulated sensor');
  await expect(c).toContainText('Checked every 15 s; expires after 45 s idle');

  // A keep-alive check is now scheduled, so stepping jumps to it (15 s after the connect).
  const step = page.getByRole('button', { name: 'Step to next deadline' });
  await expect(step).toBeEnabled();
  const title = (await step.getAttribute('title')) ?? '';
  const at = /at (\d+\.\d{3} s) \(/.exec(title);
  expect(at, title).not.toBeNull();
  await step.click();
  await expect(page.getByTestId('virtual-time')).toHaveText(at![1]);

  // Twenty seconds of silence, then a heartbeat: the countdown starts over from the next check.
  await dispatch(page, { type: 'clock-advance', ms: 5_000 });
  const before = await secondsLeft(page, 'dev1');
  await dispatch(page, {
    type: 'send',
    client: 'sensor',
    spec: {
      method: 'PUT',
      confirmable: true,
      path: `mqtt/connection?clientid=dev1&token=${token}`,
    },
  });
  await dispatch(page, { type: 'clock-advance', ms: 100 });
  await expect(c.getByTestId('keepalive-last')).toContainText('PUT /mqtt/connection');
  await expect(c.getByTestId('keepalive-last')).toHaveAttribute('data-reset', 'true');
  await expect.poll(() => secondsLeft(page, 'dev1')).toBeGreaterThan(before + 5);

  // Fast-forward a minute in two steps: the channel expires in front of the user.
  await page.getByRole('button', { name: '+30 s' }).click();
  await expect(c).toBeVisible();
  await page.getByRole('button', { name: '+30 s' }).click();
  await expect(c).toHaveCount(0);
  const closed = page.getByTestId('closed-channel').filter({ hasText: 'dev1' });
  await expect(closed).toHaveAttribute('data-reason', 'keepalive-timeout');
  await expect(closed).toContainText('keep-alive expired (1.5 × heartbeat)');
  await expect(page.getByText('No channels yet.')).toBeVisible();
});

test('with many channels, cards far off screen keep their header and fill in when scrolled to', async ({
  page,
}) => {
  await open(page, '');
  await pause(page);
  // Fourteen connectionless peers: one channel each (more than the panel draws in full).
  for (let i = 1; i <= 14; i++) {
    await dispatch(page, { type: 'add-coap-client', name: `peer${i}` });
    await dispatch(page, {
      type: 'send',
      client: `peer${i}`,
      spec: { method: 'POST', confirmable: true, path: `ps/coap/t${i}` },
    });
  }
  await dispatch(page, { type: 'clock-advance', ms: 100 });
  const cards = page.getByTestId('channel-card');
  await expect(cards).toHaveCount(14);
  // Every card is in the list with its heading; the last is far below the fold, details not drawn.
  const last = cards.last();
  await expect(last.getByRole('heading', { level: 3 })).not.toBeEmpty();
  await expect(last).toContainText('Details show when the card is scrolled into view.');
  await expect(last.getByTestId('keepalive')).toHaveCount(0);
  // Scrolled to, it shows its keep-alive and peer like any other.
  await last.scrollIntoViewIfNeeded();
  await expect(last.getByTestId('keepalive')).toBeVisible();
  await expect(last).toContainText('simulated');
  await expect(last).not.toContainText('Details show when');
  // The first card, now far above, keeps its header.
  await expect(cards.first().getByRole('heading', { level: 3 })).not.toBeEmpty();
  await expect(cards.first().getByTestId('keepalive')).toHaveCount(0);
});

test('the clock speed is a keyboard radio group', async ({ page }) => {
  await open(page, '');
  const group = page.getByRole('radiogroup', { name: 'Clock speed' });
  await expect(group.getByRole('radio', { name: '×1', exact: true })).toHaveAttribute(
    'aria-checked',
    'true',
  );
  await group.getByRole('radio', { name: '×1', exact: true }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(group.getByRole('radio', { name: '×2' })).toHaveAttribute('aria-checked', 'true');
  await expect(group.getByRole('radio', { name: '×2' })).toBeFocused();
  await page.keyboard.press('Home');
  await expect(group.getByRole('radio', { name: 'Pause' })).toHaveAttribute('aria-checked', 'true');
  const t = await page.getByTestId('virtual-time').textContent();
  await page.getByRole('button', { name: '+60 s' }).click();
  await expect(page.getByTestId('virtual-time')).not.toHaveText(t ?? '');
  await expect(page.getByTestId('virtual-time')).toHaveText(/^1 min \d\d\.\d{3} s$/);
});

test('a settings change rewrites the page address; a bad key in it shows a notice', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/?heartbeat=30s&nonsense=1&seed=3');
  await expect(page.getByText("unknown setting 'nonsense' ignored")).toBeVisible();

  await gateway(page).getByRole('tab', { name: 'Settings' }).click();
  await page.getByLabel('Notification type').selectOption('con');
  await expect(page).toHaveURL(/[?&]notify_type=con(&|$)/);
  await expect(page).toHaveURL(/[?&]seed=3(&|$)/);
  await expect(page).not.toHaveURL(/nonsense/);

  const heartbeat = page.getByLabel('Heartbeat (seconds)');
  await heartbeat.fill('20');
  await expect(page.getByTestId('heartbeat-derived')).toContainText(
    'Checked every 10 s; expires after 30 s idle',
  );
  await heartbeat.press('Enter');
  await expect(page).toHaveURL(/[?&]heartbeat=20s(&|$)/);

  await page.getByRole('switch', { name: 'Connection mode' }).check();
  await expect(page).toHaveURL(/[?&]connection_required=true(&|$)/);
  await expect(page.getByTestId('settings-status')).toContainText('connection_required = true');

  // The link reproduces the setup.
  await page.reload();
  await gateway(page).getByRole('tab', { name: 'Settings' }).click();
  await expect(page.getByLabel('Notification type')).toHaveValue('con');
  await expect(page.getByLabel('Heartbeat (seconds)')).toHaveValue('20');
  await expect(page.getByRole('switch', { name: 'Connection mode' })).toBeChecked();
});

test('the topic tree shows a CoAP observer and an MQTT subscriber, untrusted ids as text', async ({
  page,
}) => {
  await open(page, '');
  await pause(page);
  await dispatch(page, { type: 'add-coap-client', name: 'watcher' });
  await dispatch(page, {
    type: 'send',
    client: 'watcher',
    spec: { method: 'GET', confirmable: true, observe: 0, path: 'ps/coap/test' },
  });
  await dispatch(page, { type: 'add-mqtt-client', clientId: XSS });
  await dispatch(page, {
    type: 'mqtt-subscribe',
    client: XSS,
    filter: 'coap/#',
    options: { qos: 1 },
  });
  await dispatch(page, { type: 'clock-advance', ms: 100 });
  await dispatch(page, {
    type: 'mqtt-publish',
    client: XSS,
    topic: 'coap/test',
    payload: new TextEncoder().encode('21.5'),
    qos: 1,
    retain: false,
  });
  await dispatch(page, { type: 'clock-advance', ms: 100 });

  await gateway(page).getByRole('tab', { name: 'Topics' }).click();
  const observer = page.locator('[data-topic="coap/test"]').getByTestId('coap-observer');
  await expect(observer).toContainText('CoAP observer');
  // Connectionless: the channel's clientid is random (§1.5): the client is shown by the name it
  // was given, its clientid beside it (issue 26, problem 10).
  await expect(observer).toContainText(/CoAP observer\s*watcher\s*ch1 · clientid \w{16} · QoS 1/);
  await expect(observer).toContainText("CON/NON follows each message's QoS (not this QoS)");
  const subscriber = page.locator('[data-topic="coap/#"]').getByTestId('mqtt-subscriber');
  await expect(subscriber).toContainText(XSS);
  await expect(subscriber).toContainText('QoS 1');
  const deliveries = page.getByTestId('recent-deliveries');
  await expect(deliveries).toContainText('CON notification to watcher for coap/test');
  await expect(deliveries).toContainText(`MQTT ${XSS} got coap/test`);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);

  // A forced notify_type is said as such.
  await gateway(page).getByRole('tab', { name: 'Settings' }).click();
  await page.getByLabel('Notification type').selectOption('non');
  await gateway(page).getByRole('tab', { name: 'Topics' }).click();
  await expect(observer).toContainText('always NON (notify_type = non)');
});

for (const theme of ['light', 'dark'] as const) {
  test(`the gateway panels and the clock have no serious axe violations (${theme})`, async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await open(page, 'connection_required=true&users=admin:public');
    await page.emulateMedia({ colorScheme: theme });
    await pause(page);
    await connect(page, 'sensor', 'dev1', '&u=admin&p=public');
    await dispatch(page, { type: 'add-mqtt-client', clientId: 'backend' });
    await dispatch(page, {
      type: 'mqtt-subscribe',
      client: 'backend',
      filter: 'coap/#',
      options: { qos: 0 },
    });
    await dispatch(page, {
      type: 'mqtt-publish',
      client: 'backend',
      topic: 'coap/config',
      payload: new TextEncoder().encode('on'),
      qos: 0,
      retain: true,
      expiryInterval: 60,
    });
    // A failed login (no password) gives the "Recently closed" list something to show.
    await dispatch(page, { type: 'add-coap-client', name: 'intruder' });
    await dispatch(page, {
      type: 'send',
      client: 'intruder',
      spec: { method: 'POST', confirmable: true, path: 'mqtt/connection?clientid=dev2' },
    });
    await dispatch(page, { type: 'clock-advance', ms: 100 });
    await expect(page.getByTestId('closed-channel')).toHaveAttribute('data-reason', 'login-failed');
    const check = async () => {
      const { violations } = await new AxeBuilder({ page })
        .include('section[aria-labelledby="gateway-title"]')
        .include('[aria-label="Virtual clock"]')
        .analyze();
      const bad = violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
      expect(bad).toEqual([]);
    };
    for (const tab of ['Connections', 'Topics', 'Settings']) {
      await gateway(page).getByRole('tab', { name: tab }).click();
      await expect(gateway(page).getByRole('tab', { name: tab })).toHaveAttribute(
        'aria-selected',
        'true',
      );
      await check();
    }
  });
}
