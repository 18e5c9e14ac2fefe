// Real coap-client runs through the relay (`npm start`, serving dist/ with its relative base) are
// first-class: listed read-only in the Clients panel with what they did, offered by the log's
// Client filter, and a second run with the same clientid shows as a peer move in the channel's
// story.
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
const post = (path: string, payload = '') => coapClient(['-m', 'post', '-e', payload, uri(path)]);

async function openPage(page: Page, query: string) {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`${relay.url}/${query}`);
  await expect(page.getByTestId('relay-status')).toContainText('Relay: coap://', {
    timeout: 20_000,
  });
}

test('real peers appear in the Clients panel and the Client filter; a second run moves the channel', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await openPage(page, '?connection_required=true');
  const token = (await post('mqtt/connection?clientid=123')).stdout.trim();
  expect(token).toMatch(/^[1-9]\d{0,9}$/);

  // The Clients panel: the peer that connected, read-only, with what it did and the answer.
  const connected = page.getByTestId('real-peer').filter({ hasText: 'connect as 123' });
  await expect(connected).toHaveCount(1);
  await expect(connected).toContainText('through the relay · read-only');
  await expect(connected).toContainText('clientid 123');
  await expect(connected.getByTestId('real-peer-request')).toContainText(
    '→ 2.01 Created token issued',
  );
  const first = (await connected.getAttribute('data-peer')) as string;
  expect(first).toMatch(/^127\.0\.0\.1:\d+$/);

  // Its packet link selects the connect in the log.
  await connected.getByRole('button', { name: /^Show the packet/ }).click();
  await expect(page.getByTestId('packet-detail').getByTestId('packet-detail-meaning')).toHaveText(
    'connect as 123 → token issued',
  );

  // A second terminal publishes with the same clientid: a new port, so the channel follows it.
  expect((await post(`ps/coap/test?clientid=123&token=${token}`, 'hi')).stderr).toBe('');
  const publisher = page.getByTestId('real-peer').filter({ hasText: 'publish to coap/test' });
  await expect(publisher).toHaveCount(1);
  const second = (await publisher.getAttribute('data-peer')) as string;
  expect(second).not.toBe(first);
  const card = page
    .getByTestId('channel-card')
    .filter({ has: page.getByRole('heading', { name: '123' }) });
  await expect(card).toContainText('real peer (relay)');
  const moved = card.locator('[data-testid="story-item"][data-kind="peer-moved"]');
  await expect(moved).toContainText(`Peer moved: ${first} → ${second}`);
  await expect(moved).toContainText("the gateway follows a clientid's newest address");

  // The log's Client filter offers both real peers, and keeps only the chosen one's packets.
  const filter = page.getByRole('combobox', { name: 'Client', exact: true });
  await expect(filter.locator('option', { hasText: `${first} (real)` })).toHaveCount(1);
  await expect(filter.locator('option', { hasText: `${second} (real)` })).toHaveCount(1);
  await filter.selectOption(first);
  const rows = page.getByTestId('packet-log').getByTestId('packet-meaning');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toHaveText('connect as 123 → token issued');
});
