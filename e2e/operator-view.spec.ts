import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { Intent, IntentResult } from '../src/worker/api';

// The Operator view end to end, with a simulated device: the clients table, a request down to the
// device and its answer, subscriptions made and removed, a device that does not answer (504), and
// a kick; each with its curl command. Traffic is set up through the page's test hook.

declare global {
  interface Window {
    __playground?: { dispatch: (i: Intent) => Promise<IntentResult> };
  }
}

async function dispatch(page: Page, intent: Intent) {
  const r = await page.evaluate((i) => window.__playground!.dispatch(i), intent);
  expect(r, JSON.stringify(intent)).toMatchObject({ ok: true });
}

const operator = (page: Page) => page.getByTestId('operator');
const outcome = (page: Page, what: string) =>
  operator(page).getByTestId('operator-outcome').filter({ hasText: what });

test('the Operator view lists the device, sends it a request, manages its subscriptions and kicks it', async ({
  page,
}) => {
  await page.goto('/?connection_required=true&testhooks');
  await page.waitForFunction(() => window.__playground !== undefined);
  await dispatch(page, { type: 'add-coap-client', name: 'device' });
  await dispatch(page, {
    type: 'send',
    client: 'device',
    spec: { method: 'POST', path: 'mqtt/connection?clientid=client1', confirmable: true },
  });
  await page.getByRole('tab', { name: 'Operator' }).click();
  const row = operator(page).getByTestId('operator-client');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('client1');
  await expect(row).toContainText('192.0.2.');

  // A request down to the echoing device.
  await operator(page).getByRole('button', { name: 'Send the request' }).click();
  const req = outcome(page, 'Request to client1');
  await expect(req.getByTestId('operator-status')).toHaveText('HTTP 200');
  await expect(req).toContainText('"payload": "simple echo this"');
  await expect(req).toContainText('"method": "{ok,content}"');
  await expect(req.locator('code')).toContainText(
    "curl -u 'KEY:SECRET' -H 'content-type: application/json' -d",
  );
  await expect(req.locator('code')).toContainText('/api/v5/gateways/coap/clients/client1/request');
  // The key typed in fills the commands.
  await operator(page).getByLabel('API key for the curl commands').fill('k1:s1');
  await expect(req.locator('code')).toContainText("curl -u 'k1:s1'");

  // A subscription made here, listed with its empty token, then removed.
  await operator(page).getByRole('button', { name: 'Subscribe', exact: true }).click();
  await expect(outcome(page, 'Subscribe client1').getByTestId('operator-status')).toHaveText(
    'HTTP 201',
  );
  await expect(operator(page).getByText('empty token (API)')).toBeVisible();
  await operator(page).getByRole('button', { name: 'Remove the subscription to down/1' }).click();
  await expect(outcome(page, 'Unsubscribe client1').getByTestId('operator-status')).toHaveText(
    'HTTP 204',
  );
  await expect(operator(page).getByText('empty token (API)')).toHaveCount(0);

  // A device that does not answer: 504 after the timeout.
  const device = page.getByTestId('device-device');
  await device.locator('summary').click();
  await device.getByLabel("How device answers the gateway's requests").selectOption('silent');
  await device.getByRole('button', { name: 'Apply' }).click();
  await expect(device.locator('summary')).toContainText('does not answer');
  await operator(page).getByLabel('Token').fill('t2');
  await operator(page).getByLabel('Timeout').fill('1s');
  await operator(page).getByRole('button', { name: 'Send the request' }).click();
  await expect(req.getByTestId('operator-status')).toHaveText('HTTP 504', { timeout: 10_000 });
  await expect(req).toContainText('CLIENT_NOT_RESPONSE');

  const axe = await new AxeBuilder({ page }).include('[data-testid="operator"]').analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  // Kick: the table empties; the calls are in the activity list.
  await operator(page).getByRole('button', { name: 'Kick client1' }).click();
  await expect(outcome(page, 'Kick client1').getByTestId('operator-status')).toHaveText('HTTP 204');
  await expect(row).toHaveCount(0);
  const activity = operator(page).getByTestId('operator-activity');
  await expect(activity).toContainText('DELETE …/clients/client1 204');
  await expect(activity).toContainText('DELETE …/clients/client1 204 · this view');
});
