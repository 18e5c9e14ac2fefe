// The composer sends to a real CoAP server (libcoap's coap-server-notls on loopback) through the
// relay started by `npm start`, and a destination off the relay's allowlist is refused. Every
// process started here is stopped at the end; every wait is bounded.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { coapClient, freeUdpPort, startPlayground } from './support/relay';
import type { RunningRelay } from './support/relay';
import { skipWelcome } from './support/welcome';

let relay: RunningRelay;
let server: ChildProcess | undefined;
let serverPort = 0;

test.beforeAll(async () => {
  relay = await startPlayground();
  serverPort = await freeUdpPort();
  server = spawn('coap-server-notls', ['-A', '127.0.0.1', '-p', String(serverPort), '-v', '3'], {
    stdio: 'ignore',
  });
  // Up when it answers GET /time (coap-client gives up after 5 s each try).
  await expect
    .poll(
      async () => (await coapClient(['-m', 'get', `coap://127.0.0.1:${serverPort}/time`])).stdout,
      { timeout: 20_000 },
    )
    .toMatch(/\d\d:\d\d:\d\d/);
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const gone = new Promise((ok) => server?.once('exit', ok));
    server.kill('SIGTERM');
    await Promise.race([gone, new Promise((ok) => setTimeout(ok, 3000))]);
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  await relay?.stop();
});

const composer = (page: Page) => page.getByRole('form', { name: 'Compose a CoAP request' });
const sendTo = (page: Page) => composer(page).getByRole('combobox', { name: 'Send to' });

async function composeToServer(page: Page, address: string) {
  await skipWelcome(page);
  await page.goto(`${relay.url}/`);
  // The page's own simulated client sends.
  await expect(composer(page).getByRole('button', { name: 'Send from device' })).toBeVisible();
  // The option is there once the worker has attached to the relay.
  await expect(sendTo(page).locator('option[value="server"]')).toBeEnabled({ timeout: 20_000 });
  await sendTo(page).selectOption('server');
  await composer(page).getByRole('textbox', { name: 'Server' }).fill(address);
  await composer(page).getByRole('combobox', { name: 'Method' }).selectOption('GET');
  await composer(page).getByLabel('Path', { exact: true }).fill('time');
  await composer(page).getByRole('button', { name: /^Send/ }).click();
}

test('GET /time from the composer reaches libcoap’s coap-server and its 2.05 shows everywhere', async ({
  page,
}) => {
  const where = `127.0.0.1:${serverPort}`;
  await composeToServer(page, `coap://${where}`);

  const exchange = page.getByTestId('coap-client-device').getByTestId('exchange').first();
  await expect(exchange.getByTestId('exchange-code')).toHaveText('2.05 Content');
  await expect(exchange.getByTestId('exchange-payload')).toHaveText(/\d\d:\d\d:\d\d/);
  await expect(exchange).toContainText(`→ coap://${where}`);
  const result = composer(page).getByTestId('send-result');
  await expect(result).toContainText(`Sent from device to the real server ${where}.`);
  await expect(result).toContainText('Response: 2.05 Content');
  await expect(composer(page)).toContainText(`straight to the server at ${where}`);

  // The packet log: the request to the server and its answer, nothing through the gateway.
  const log = page.getByTestId('packet-log');
  const request = log
    .getByRole('row')
    .filter({ hasText: `CON GET /time to the real server ${where} → 2.05 Content` });
  const response = log
    .getByRole('row')
    .filter({ hasText: `2.05 Content from the real server ${where}` });
  await expect(request).toHaveCount(1);
  await expect(response).toHaveCount(1);
  await expect(request.getByRole('gridcell', { name: 'to real server' })).toBeVisible();
  await response.click();
  await expect(page.getByTestId('packet-route')).toContainText(`real server (${where}) → device`);
  await expect(page.getByTestId('packet-route')).toContainText('real server, through the relay');

  await page.getByRole('tab', { name: 'Sequence' }).click();
  const diagram = page.getByTestId('sequence-diagram');
  await expect(diagram).toHaveAttribute('aria-label', new RegExp(`device, .*Server ${where}`));
  await expect(diagram.getByTestId('sequence-arrow')).toHaveCount(2);
});

test('a destination off the allowlist is refused with the relay’s reason, and nothing is sent', async ({
  page,
}) => {
  await composeToServer(page, 'coap://198.51.100.10:5683');
  const exchange = page.getByTestId('coap-client-device').getByTestId('exchange').first();
  await expect(exchange.getByTestId('exchange-error')).toContainText(
    "198.51.100.10:5683 is not on the relay's destination allowlist",
  );
  await expect(exchange.getByTestId('exchange-error')).toContainText(
    '--allow-dest 198.51.100.10:5683',
  );
  await expect(exchange).toContainText('refused');
  await expect(composer(page).getByTestId('send-result')).toContainText('Refused by the relay:');
});

test('without the relay the real-server choice is off and says why', async ({ page }) => {
  await skipWelcome(page);
  await page.goto('/');
  await expect(composer(page).getByRole('button', { name: 'Send from device' })).toBeVisible();
  await expect(sendTo(page).locator('option[value="server"]')).toBeDisabled();
  await expect(composer(page).getByTestId('target-unavailable')).toContainText(
    'Sending to a real CoAP server needs the relay: run `npm start`',
  );
});
