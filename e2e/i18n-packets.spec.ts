import { expect, test, type Page } from '@playwright/test';
import { drive, type Step } from './support/drive';
import { englishOnPage } from './support/english';
import { skipWelcome } from './support/welcome';

/**
 * The Traffic column's packet views in 简体中文: the packet log (empty, with data, filtered), a
 * selected packet's detail (its sentences, field tree and bytes), the sequence diagram and its
 * list, and the decoder with valid and malformed input, searched for English words outside wire
 * data (`translate="no"`) and the protocol terms of e2e/support/english.ts.
 */

const send = (client: string, spec: Record<string, unknown>): Step => ({
  type: 'send',
  client,
  spec,
});

/** Connection mode (c1), an observer and a publisher in connectionless mode (c2), an MQTT
 * subscriber, and a malformed datagram: names and topics without English words of their own. */
const SCENARIO: Step[] = [
  { type: 'add-coap-client', name: 'c1' },
  { type: 'add-coap-client', name: 'c2' },
  { type: 'add-mqtt-client', clientId: 'm1' },
  {
    type: 'mqtt-subscribe',
    client: 'm1',
    filter: 't/1',
    options: { qos: 0, nl: false, rap: false, rh: 0 },
  },
  send('c1', { method: 'POST', confirmable: true, path: 'mqtt/connection?clientid=123' }),
  send('c2', { method: 'GET', confirmable: true, path: 'ps/t/1', observe: 0 }),
  send('c2', { method: 'POST', confirmable: true, path: 'ps/t/1', payload: '21' }),
  { type: 'send-raw', client: 'c2', bytes: [0x49, 0x01, 0x00, 0x01] },
  // Answered 2.02 where the document says 2.01: the pane's "document is wrong" box.
  send('c1', { method: 'DELETE', confirmable: true, path: 'mqtt/connection?clientid=123' }),
];

const panel = (id: string) => `[role="tabpanel"][id$="-panel-${id}"]`;
const tab = (page: Page, id: string) => page.locator(`[role="tab"][id$="-tab-${id}"]`);
const log = (page: Page) => page.getByTestId('packet-log');
const detail = (page: Page) => page.getByTestId('packet-detail');
const count = (page: Page) => page.getByTestId('packet-count');

const english = (page: Page, root: string): Promise<string[]> => englishOnPage(page, root);

test.beforeEach(async ({ page }) => {
  await skipWelcome(page);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/?testhooks&lang=zh-CN');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
});

test('the packet log, its filters and a packet’s detail read in Chinese', async ({ page }) => {
  // Empty: the log's words, the filters and the detail pane's prompt.
  await expect(page.getByText('还没有数据报。')).toBeVisible();
  expect(await english(page, panel('packets'))).toEqual([]);

  await drive(page, SCENARIO);
  await expect(count(page)).toHaveText(/^\d+ 个报文$/);
  expect(await english(page, panel('packets'))).toEqual([]);

  // Every packet's detail: its route, what the gateway did, its field tree and bytes (the
  // malformed one: the decode error instead of a tree).
  const seqs = await log(page)
    .locator('[role="row"][data-seq]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-seq')));
  expect(seqs.length).toBeGreaterThan(6);
  for (const seq of seqs) {
    await log(page).locator(`[role="row"][data-seq="${seq}"]`).click();
    await expect(detail(page)).toBeVisible();
    expect(await english(page, panel('packets')), `packet seq ${seq}`).toEqual([]);
  }
  // The notes box: its heading and labels are the pane's words (the notes themselves are not).
  await log(page).getByRole('row').filter({ hasText: '2.02 Deleted' }).click();
  const notes = detail(page).getByTestId('document-notes');
  await expect(notes.getByRole('heading')).toHaveText('⚠ 文档有误之处');
  await expect(notes.locator('.font-semibold', { hasText: '文档：' }).first()).toBeVisible();
  await log(page).getByRole('row').filter({ hasText: '格式错误' }).first().click();
  await expect(detail(page).getByTestId('decode-error')).toContainText('无法解码');

  // Filters: a type, a code class, the switches, and a filter nothing passes.
  await page
    .locator(`${panel('packets')} select`)
    .nth(1)
    .selectOption('ACK');
  await expect(count(page)).toHaveText(/^\d+ \/ \d+ 个报文$/);
  await page
    .locator(`${panel('packets')} select`)
    .nth(2)
    .selectOption('error');
  await page.getByRole('checkbox').first().check();
  await page.getByRole('checkbox').nth(1).check();
  await expect(log(page)).toContainText('没有符合筛选条件的报文。');
  expect(await english(page, panel('packets'))).toEqual([]);
  await page.getByRole('button', { name: '清除筛选' }).click();
  await expect(count(page)).toHaveText(/^\d+ 个报文$/);
});

test('the sequence diagram and its list read in Chinese', async ({ page }) => {
  await tab(page, 'sequence').click();
  await expect(page.getByText('还没有流量：数据报流动时，时序图会自动绘制。')).toBeVisible();
  expect(await englishOnPage(page, panel('sequence'))).toEqual([]);

  await drive(page, SCENARIO);

  await tab(page, 'sequence').click();
  const diagram = page.getByTestId('sequence-diagram');
  await expect(diagram.getByTestId('sequence-arrow').first()).toBeVisible();
  await expect(page.locator(panel('sequence'))).toContainText('网关');
  expect(await englishOnPage(page, panel('sequence'))).toEqual([]);
  await page.getByRole('button', { name: '以列表显示' }).click();
  await expect(page.getByTestId('sequence-list')).toBeVisible();
  expect(await englishOnPage(page, panel('sequence'))).toEqual([]);
});

test('the decoder reads in Chinese with valid, malformed and non-hex input', async ({ page }) => {
  await tab(page, 'decode').click();
  const root = panel('decode');
  const hex = page.locator(`${root} textarea`);
  await expect(page.getByTestId('decode-status')).toContainText('已解码');
  expect(await englishOnPage(page, root)).toEqual([]);
  // Each example: a request, a notification with options and a payload, a malformed one.
  for (const name of ['观察通知', '格式错误（令牌长度 9）', 'libcoap 创建连接']) {
    await page.getByRole('button', { name }).click();
    expect(await englishOnPage(page, root), name).toEqual([]);
  }
  // Truncated: the error points past the end.
  await hex.fill('40 01 00 01 d0');
  await expect(page.getByTestId('decode-error')).toContainText('输入的末尾');
  await expect(page.locator('[data-error] .sr-only')).toHaveText('输入结束');
  expect(await englishOnPage(page, root)).toEqual([]);
  await hex.fill('4g');
  await expect(page.getByTestId('hex-error')).toContainText("不是十六进制：'g' 不是十六进制数字");
  expect(await englishOnPage(page, root)).toEqual([]);
  await hex.fill('');
  await expect(page.locator(root)).toContainText('粘贴一些十六进制数据，或载入一个示例。');
  expect(await englishOnPage(page, root)).toEqual([]);
});

test('switching the language shows the packet views in English again, built anew', async ({
  page,
}) => {
  await drive(page, SCENARIO);
  // The gateway's answer to the connect: an ACK, with what the gateway did.
  await log(page).locator('[role="row"][data-seq]').nth(1).click();
  await expect(detail(page).locator('[data-field="type"]')).toContainText('确认消息（2）');
  await page.locator('header select:has(option[value="en"])').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(count(page)).toHaveText(/^\d+ packets$/);
  await expect(page.getByRole('grid', { name: 'Packets' })).toBeVisible();
  // The decoded view and the diagram are built from models: built again in the new language.
  await expect(detail(page).locator('[data-field="type"]')).toContainText('Acknowledgement (2)');
  await expect(detail(page).getByText('What the gateway did')).toBeVisible();
  await tab(page, 'sequence').click();
  await expect(page.getByTestId('sequence-scroller')).toContainText('Gateway');
  await expect(page.getByRole('button', { name: 'Show as a list' })).toBeVisible();
  await tab(page, 'decode').click();
  await expect(page.getByRole('heading', { name: 'Decode a packet' })).toBeVisible();
  await expect(page.getByTestId('decode-status')).toContainText('Decoded a CON 0.02 POST');
});

test('in Chinese at 1440 and 1920 px the decoder’s fields and bytes keep apart, and the hex dump’s ASCII column stays in view', async ({
  page,
}) => {
  await drive(page, SCENARIO);
  for (const [width, height] of [
    [1440, 900],
    [1920, 1080],
  ]) {
    await page.setViewportSize({ width, height });
    await tab(page, 'packets').click();
    await log(page).locator('[role="row"][data-seq]').nth(2).click();
    const dump = detail(page).getByRole('region', { name: '报文的十六进制转储' });
    const fits = await dump.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const ascii = [...el.querySelectorAll('[aria-hidden="true"]:has(> span)')];
      const last = ascii.at(-1)?.lastElementChild;
      return {
        scrolls: el.scrollWidth > el.clientWidth,
        asciiInside: (last?.getBoundingClientRect().right ?? Infinity) <= box.right,
      };
    });
    expect(fits, `${width}`).toEqual({ scrolls: false, asciiInside: true });

    await tab(page, 'decode').click();
    await page.getByRole('button', { name: '观察通知' }).click();
    const region = await page
      .getByRole('region', { name: '十六进制转储', exact: true })
      .boundingBox();
    const tree = await page.locator('[data-field="option-0"]').boundingBox();
    expect(region && tree).toBeTruthy();
    if (!region || !tree) return;
    const apart =
      tree.x + tree.width <= region.x ||
      region.x + region.width <= tree.x ||
      tree.y + tree.height <= region.y ||
      region.y + region.height <= tree.y;
    expect(apart, `${width}`).toBe(true);
    expect(tree.width, `${width}`).toBeGreaterThan(400);
    // No word of the decoder is cut: nothing inside it is wider than its box.
    const clipped = await page.locator(panel('decode')).evaluate((el) =>
      [...el.querySelectorAll<HTMLElement>('h2, h3, p, li, span, label, button')]
        .filter(
          (e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'auto',
        )
        .filter((e) => e.clientWidth > 0)
        .map((e) => e.textContent?.slice(0, 40)),
    );
    expect(clipped, `${width}`).toEqual([]);
  }
});
