import { expect, test, type Page } from '@playwright/test';
import type { Intent, IntentResult } from '../src/worker/api';

// A channel's story in its card, each item a link to its packet; a simulated client's own
// periodic traffic (the switches in its card); the clock's free fast-forward.

declare global {
  interface Window {
    __playground?: { dispatch: (i: Intent) => Promise<IntentResult> };
  }
}

async function open(page: Page, query: string): Promise<void> {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`/?${query}&testhooks`);
  await page.waitForFunction(() => window.__playground !== undefined);
  const pauseButton = page.getByRole('radio', { name: 'Pause' });
  await pauseButton.click();
  await expect(pauseButton).toHaveAttribute('aria-checked', 'true');
}

async function dispatch(page: Page, intent: Intent): Promise<void> {
  const r = await page.evaluate((i) => window.__playground!.dispatch(i), intent);
  expect(r, JSON.stringify(intent)).toMatchObject({ ok: true });
}

const card = (page: Page, clientId: string) =>
  page.getByTestId('channel-card').filter({ has: page.getByRole('heading', { name: clientId }) });
const story = (page: Page, clientId: string) => card(page, clientId).getByTestId('story-item');
const detail = (page: Page) => page.getByTestId('packet-detail');
const selectedRow = (page: Page) =>
  page.getByTestId('packet-log').locator('[role="row"][aria-selected="true"]');

/** `12.345 s` or `3 min 05.000 s` (the header's virtual time) in seconds. */
/** The clock's text as whole milliseconds (the display's resolution: no float error to compare). */
function millis(text: string | null): number {
  const m = /^(?:(\d+) min )?(\d+(?:\.\d+)?) s$/.exec(text ?? '');
  expect(m, text ?? '').not.toBeNull();
  return Number(m![1] ?? 0) * 60_000 + Math.round(Number(m![2]) * 1000);
}

async function connect(page: Page, client: string, clientId: string): Promise<string> {
  await dispatch(page, { type: 'add-coap-client', name: client });
  await dispatch(page, {
    type: 'send',
    client,
    spec: { method: 'POST', confirmable: true, path: `mqtt/connection?clientid=${clientId}` },
  });
  await dispatch(page, { type: 'clock-advance', ms: 100 });
  const token = card(page, clientId).getByTestId('channel-token');
  await expect(token).toHaveText(/^[1-9]\d{0,9}$/);
  return (await token.textContent()) as string;
}

test("a channel's story: each item links to its packet in the log", async ({ page }) => {
  await open(page, 'connection_required=true&heartbeat=30s');
  const token = await connect(page, 'sensor', 'dev1');
  await expect(story(page, 'dev1')).toHaveCount(2);
  await expect(story(page, 'dev1').nth(0)).toHaveAttribute('data-kind', 'opened');
  await expect(story(page, 'dev1').nth(0)).toContainText('Opened in connection mode');
  await expect(story(page, 'dev1').nth(1)).toContainText(
    `Connected as dev1: token ${token} issued`,
  );

  // The token item selects the 2.01 that carried the token.
  await story(page, 'dev1')
    .nth(1)
    .getByRole('button', { name: /^Show the packet/ })
    .click();
  await expect(detail(page).getByTestId('payload-text')).toHaveText(token);
  await expect(detail(page).getByTestId('packet-detail-meaning')).toContainText(
    'connected as dev1',
  );
  await expect(selectedRow(page)).toHaveCount(1);

  // A heartbeat, then the keep-alive check: the reset names that PUT and links to it.
  await dispatch(page, { type: 'clock-advance', ms: 5_000 });
  await dispatch(page, {
    type: 'send',
    client: 'sensor',
    spec: {
      method: 'PUT',
      confirmable: true,
      path: `mqtt/connection?clientid=dev1&token=${token}`,
    },
  });
  await dispatch(page, { type: 'clock-advance', ms: 15_000 });
  const reset = story(page, 'dev1').filter({ hasText: 'Keep-alive reset by CON PUT' });
  await expect(reset).toHaveCount(1);
  await expect(reset).toContainText('If nothing more arrives, keep-alive closes it at');
  await reset.getByRole('button', { name: /^Show the packet/ }).click();
  await expect(detail(page).getByTestId('packet-detail-meaning')).toHaveText(
    'heartbeat from dev1 → accepted',
  );
  await expect(reset.getByRole('button', { name: /^Show the packet/ })).toHaveAttribute(
    'aria-pressed',
    'true',
  );

  // Silence until keep-alive expires: the closed channel keeps its story, ending with the expiry,
  // linked to the last datagram it heard (the PUT).
  await dispatch(page, { type: 'clock-advance', ms: 120_000 });
  await expect(card(page, 'dev1')).toHaveCount(0);
  const closed = page.getByTestId('closed-channel').filter({ hasText: 'dev1' });
  await closed.getByText('Its story').click();
  const end = closed.getByTestId('story-item').last();
  await expect(end).toHaveAttribute('data-kind', 'closed');
  await expect(end).toContainText('Expired: no datagram for');
  await expect(end).toContainText('The last datagram it heard: CON PUT /mqtt/connection');
  await end.getByRole('button', { name: /^Show the packet/ }).click();
  await expect(detail(page).getByTestId('packet-detail-meaning')).toHaveText(
    'heartbeat from dev1 → accepted',
  );
});

test('a client heartbeats and publishes by itself; the clock fast-forwards by any number of seconds', async ({
  page,
}) => {
  await open(page, 'connection_required=true&heartbeat=30s');
  await dispatch(page, { type: 'add-coap-client', name: 'watch' });
  await dispatch(page, {
    type: 'send',
    client: 'watch',
    spec: { method: 'POST', confirmable: true, path: 'mqtt/connection?clientid=w' },
  });
  await connect(page, 'sensor', 'dev1');
  const switches = page.getByTestId('traffic-sensor');
  await switches
    .getByRole('spinbutton', { name: 'Heartbeat period in seconds (sensor)' })
    .fill('20');
  await switches.getByRole('checkbox', { name: 'Heartbeat' }).check();
  await switches.getByRole('spinbutton', { name: 'Publish period in seconds (sensor)' }).fill('25');
  await switches.getByRole('textbox', { name: 'Publish payload (sensor)' }).fill('t={n}');
  await switches.getByRole('checkbox', { name: 'Publish' }).check();
  await expect(switches.getByTestId('traffic-status')).toContainText(
    'Sent 0 heartbeats, 0 publishes by itself',
  );

  // Fast-forward 100 s with the free field: five heartbeats, four publishes, and the channel,
  // which would have expired after 45–60 s of silence, is alive.
  const before = await page.getByTestId('virtual-time').textContent();
  await page.getByRole('spinbutton', { name: 'Seconds to fast-forward' }).fill('100');
  await page.getByRole('button', { name: 'Advance', exact: true }).click();
  await expect(switches.getByTestId('traffic-status')).toContainText(
    'Sent 5 heartbeats, 4 publishes by itself',
  );
  await expect
    .poll(async () => millis(await page.getByTestId('virtual-time').textContent()))
    .toBeGreaterThanOrEqual(millis(before) + 100_000);
  await expect(card(page, 'dev1')).toBeVisible();
  await expect(card(page, 'w')).toHaveCount(0);
  const resets = story(page, 'dev1').filter({ hasText: 'Keep-alive reset by CON' });
  await expect(resets.first()).toBeVisible();
  const log = page.getByTestId('packet-log');
  await expect(log.getByText('heartbeat from dev1').first()).toBeVisible();

  // Switched off, it sends nothing more.
  await switches.getByRole('checkbox', { name: 'Heartbeat' }).uncheck();
  await switches.getByRole('checkbox', { name: 'Publish' }).uncheck();
  await expect(switches.getByTestId('traffic-status')).toHaveCount(0);
  await page.getByRole('button', { name: '+60 s' }).click();
  await page.getByRole('button', { name: '+60 s' }).click();
  await expect(card(page, 'dev1')).toHaveCount(0);
});
