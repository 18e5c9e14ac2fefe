import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { drive, type Step } from './support/drive';

/**
 * Captures and sharing, through the page: import the libcoap session (picker and drag-and-drop)
 * into the packet views, export a pcapng that tshark reads, and share a scenario as a link that
 * rebuilds the same packets in a new page.
 */

const CAPTURE = 'src/capture/testing/fixtures/libcoap-session.pcap';

/** Traffic with randomness in it (tokens, message ids, ports, a lossy link), clock paused. */
const TRAFFIC: Step[] = [
  { type: 'clock-rate', rate: 0 },
  { type: 'add-coap-client', name: 'sensor' },
  { type: 'add-coap-client', name: 'lamp' },
  { type: 'add-mqtt-client', clientId: 'dash' },
  { type: 'mqtt-subscribe', client: 'dash', filter: 'coap/#', options: { qos: 1 } },
  {
    type: 'send',
    client: 'lamp',
    spec: { method: 'GET', confirmable: true, path: 'ps/coap/lamp', observe: 0 },
  },
  { type: 'clock-advance', ms: 100 },
  { type: 'set-link', client: 'lamp', link: { loss: 0.4, delay: 30, duplicate: 0.2 } },
  ...[1, 2, 3, 4].flatMap((i): Step[] => [
    {
      type: 'mqtt-publish',
      client: 'dash',
      topic: 'coap/lamp',
      payload: `{"on":${i % 2 === 0}}`,
      qos: 1,
      retain: false,
    },
    {
      type: 'send',
      client: 'sensor',
      spec: {
        method: 'POST',
        confirmable: true,
        path: 'ps/coap/temp',
        payload: `2${i}.5`,
      },
    },
    { type: 'clock-advance', ms: 700 },
  ]),
  { type: 'clock-advance', ms: 10_000 },
];

const log = (page: Page) => page.getByTestId('packet-log');
const rows = (page: Page) => log(page).getByRole('row');
const count = (page: Page) => page.getByTestId('packet-count');
const banner = (page: Page) => page.getByTestId('capture-banner');

test.beforeEach(async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
});

test('an imported capture shows its CoAP datagrams in the log, detail and sequence, then the live world comes back', async ({
  page,
}) => {
  await page.goto('/?testhooks');
  await drive(page, [
    { type: 'add-coap-client', name: 'mine' },
    { type: 'clock-rate', rate: 0 },
  ]);
  await drive(page, [
    { type: 'send', client: 'mine', spec: { method: 'GET', confirmable: true, path: 'nope' } },
  ]);
  await expect(count(page)).toHaveText('2 packets');

  await page.getByTestId('import-capture-input').setInputFiles(CAPTURE);
  await expect(banner(page)).toContainText('Imported capture: libcoap-session.pcap (pcap)');
  await expect(banner(page)).toContainText('179 CoAP datagrams, from 2026-11-26');
  await expect(banner(page)).toContainText('Nothing was left out.');
  await expect(count(page)).toHaveText('179 packets');
  // The capture's real endpoints and libcoap's first request, in the log and the detail.
  await log(page).focus();
  await page.keyboard.press('Home');
  const first = log(page).locator('[aria-selected="true"]');
  await expect(first).toContainText('127.0.0.1:57732');
  await expect(first).toContainText('POST /mqtt/connection?clientid=123');
  await page.keyboard.press('Enter');
  const d = page.getByTestId('packet-detail');
  await expect(d.getByTestId('packet-route')).toContainText('127.0.0.1:57732');
  await expect(d.getByTestId('packet-route')).toContainText('127.0.0.1:5683');
  await expect(d.locator('[data-field="message-id"]')).toContainText('41723');
  await expect(d.locator('[data-offset="0"]')).toHaveText('41');
  await page.getByRole('tab', { name: 'Sequence' }).click();
  await expect(page.getByRole('button', { name: /connect as 123/ }).first()).toBeVisible();
  await page.getByRole('tab', { name: 'Packets' }).click();
  // The world is not driven while a capture is shown: intents say why.
  const refused = await page.evaluate(() =>
    (
      window as unknown as {
        __playground: { dispatch: (i: unknown) => Promise<{ ok: boolean; error?: unknown }> };
      }
    ).__playground.dispatch({ type: 'add-coap-client', name: 'x' }),
  );
  // The reason is a message (the page says it in its language): "the packet views show the
  // imported capture libcoap-session.pcap: go back to the live world first".
  expect(refused.error).toEqual({
    id: 'notices:capture.open',
    params: { name: 'libcoap-session.pcap' },
  });

  await page.getByRole('button', { name: 'Back to the live world' }).click();
  await expect(banner(page)).toHaveCount(0);
  await expect(count(page)).toHaveText('2 packets');
  await expect(log(page)).toContainText('mine');
});

test('a file dropped on the views opens; a file that is not a capture says why and breaks nothing', async ({
  page,
}) => {
  await page.goto('/?testhooks');
  const drop = async (name: string, bytes: number[]) => {
    const dt = await page.evaluateHandle(
      ({ name, bytes }) => {
        const t = new DataTransfer();
        t.items.add(new File([Uint8Array.from(bytes)], name));
        return t;
      },
      { name, bytes },
    );
    const zone = page.getByTestId('capture-drop');
    await zone.dispatchEvent('dragover', { dataTransfer: dt });
    await zone.dispatchEvent('drop', { dataTransfer: dt });
  };
  await drop('notes.txt', Array.from(new TextEncoder().encode('hello, not a capture')));
  await expect(page.getByRole('alert')).toHaveText(
    'notes.txt could not be read: not a pcap or pcapng file (unknown magic number); save the capture as pcap or pcapng (at byte 0)',
  );
  const pcap = Array.from(readFileSync(CAPTURE));
  await drop('cut.pcap', pcap.slice(0, 1000));
  await expect(page.getByRole('alert')).toContainText(
    'cut.pcap could not be read: a packet record runs past the end of the file',
  );
  await expect(banner(page)).toHaveCount(0);
  // The page still works, and a good file then opens.
  await drive(page, [{ type: 'add-coap-client', name: 'c' }]);
  await drop('libcoap-session.pcap', pcap);
  await expect(count(page)).toHaveText('179 packets');
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('the export is a pcapng file that tshark reads as the same CoAP packets', async ({ page }) => {
  await page.goto('/?testhooks&seed=3');
  await drive(page, TRAFFIC);
  const shown = Number((await count(page).textContent())?.match(/\d+/)?.[0]);
  expect(shown).toBeGreaterThan(15);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export .pcapng' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^coap-playground-.*\.pcapng$/);
  const file = test.info().outputPath('export.pcapng');
  await download.saveAs(file);
  const out = execFileSync(
    'tshark',
    ['-r', file, '-d', 'udp.port==5683,coap', '-T', 'fields', '-e', 'coap.mid', '-e', 'coap.code'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  )
    .trim()
    .split('\n')
    .map((l) => l.split('\t'));
  expect(out).toHaveLength(shown);
  expect(out.every(([mid, code]) => /^\d+$/.test(mid) && /^\d+$/.test(code))).toBe(true);
  // The log's first packet is the export's first: same message id.
  await log(page).focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  await expect(
    page.getByTestId('packet-detail').locator('[data-field="message-id"]'),
  ).toContainText(out[0][0]);
});

test('a shared link rebuilds the same packets in a new page; a damaged one says so', async ({
  page,
  context,
}) => {
  await page.goto('/?testhooks');
  await drive(page, TRAFFIC);
  const n = await count(page).textContent();
  await page.getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share a scenario' });
  await expect(dialog).toContainText(`${TRAFFIC.length} steps from a fresh start`);
  const link = await dialog.getByLabel('Scenario link').inputValue();
  // The scenario, and the sender's language (the link opens in it).
  expect(link).toMatch(/\?scenario=[A-Za-z0-9_-]+&lang=en$/);
  const texts = async (p: Page) => (await rows(p).allTextContents()).join('\n');
  const original = await texts(page);

  const other = await context.newPage();
  await other.goto(link);
  await expect(count(other)).toHaveText(n ?? '');
  expect(await texts(other)).toBe(original);
  await other.close();

  // The JSON file opens too, and rebuilds the same.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Download JSON' }).click(),
  ]);
  const json = test.info().outputPath('scenario.json');
  await download.saveAs(json);
  await dialog.getByLabel('Scenario file to open').setInputFiles(json);
  await expect(dialog.getByRole('status').filter({ hasText: 'Opened' })).toContainText(
    'Opened scenario.json: replayed 21 steps',
  );
  await expect(count(page)).toHaveText(n ?? '');
  expect(await texts(page)).toBe(original);
  await dialog.getByLabel('Scenario file to open').setInputFiles({
    name: 'foreign.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"name":"not a scenario"}'),
  });
  await expect(dialog.getByRole('alert')).toContainText(
    'foreign.json was not opened, nothing changed: not a scenario: it has no "version"',
  );
  expect(await texts(page)).toBe(original);

  const broken = await context.newPage();
  await broken.goto(`${link.slice(0, -12)}&testhooks`);
  await expect(broken.getByText(/the shared scenario was not opened/)).toBeVisible();
  await drive(broken, [{ type: 'add-coap-client', name: 'still-works' }]);
});
