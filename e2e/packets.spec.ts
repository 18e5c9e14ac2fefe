import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { drive, type Step } from './support/drive';

/**
 * The packet log, its detail pane and the sequence view. Traffic comes from the page's test hook
 * (`?testhooks`, see src/ui/state/playground.tsx), which dispatches typed intents to the world's
 * worker exactly as the composer does.
 */

const send = (client: string, spec: Record<string, unknown>): Step => ({
  type: 'send',
  client,
  spec,
});
const CONNECT = send('c1', {
  method: 'POST',
  confirmable: true,
  path: 'mqtt/connection?clientid=123',
});

const log = (page: Page) => page.getByTestId('packet-log');
const meanings = (page: Page) => log(page).getByTestId('packet-meaning');
const rowWith = (page: Page, text: string | RegExp) =>
  log(page)
    .getByRole('row')
    .filter({ has: page.getByTestId('packet-meaning').filter({ hasText: text }) });
const detail = (page: Page) => page.getByTestId('packet-detail');
const count = (page: Page) => page.getByTestId('packet-count');
const filters = (page: Page) => page.getByRole('search', { name: 'Filter packets' });
const control = (page: Page, name: string) => filters(page).getByLabel(name, { exact: true });

test.beforeEach(async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/?testhooks');
});

test('packets appear in the log with their meaning in plain words', async ({ page }) => {
  await expect(page.getByText('No datagrams yet.')).toBeVisible();
  await drive(page, [{ type: 'add-coap-client', name: 'c1' }, CONNECT]);
  await expect(meanings(page)).toHaveCount(2);
  await expect(meanings(page).nth(0)).toHaveText('connect as 123 → token issued');
  await expect(meanings(page).nth(1)).toHaveText(/^connected as 123: token \d+ issued$/);
  const request = log(page).getByRole('row').nth(1);
  await expect(request).toContainText('c1');
  await expect(request).toContainText('CON');
  await expect(request).toContainText('POST /mqtt/connection?clientid=123');
  await expect(count(page)).toHaveText('2 packets');
  // No packet found in the page's URL settings: `testhooks` is not a gateway setting.
  await expect(page.getByText('Some settings in the page address were not used')).toHaveCount(0);
});

test('selecting a packet shows its decoded tree and hex dump, linked', async ({ page }) => {
  await drive(page, [{ type: 'add-coap-client', name: 'c1' }, CONNECT]);
  await expect(page.getByText('Select a packet to see its fields')).toBeVisible();
  await rowWith(page, /^connected as 123/).click();
  const d = detail(page);
  await expect(d.getByTestId('packet-detail-meaning')).toHaveText(/^connected as 123: token/);
  await expect(d.getByTestId('packet-route')).toContainText('gateway (192.0.2.1:5683) → c1');
  await expect(d.locator('[data-field="code"]')).toContainText('2.01 Created');
  await expect(d.locator('[data-field="type"]')).toContainText('ACK');
  await expect(d.getByTestId('payload-text')).toHaveText(/^\d+$/);
  await expect(d.locator('[data-offset="0"]')).toBeVisible();
  // Pointing at the Message ID row lights its two bytes.
  await d.locator('[data-field="message-id"]').hover();
  await expect(d.locator('[data-offset="2"]')).toHaveAttribute('data-active', 'true');
  await expect(d.locator('[data-offset="3"]')).toHaveAttribute('data-active', 'true');
  // The reply links to its request.
  await d.getByRole('button', { name: /Answers the request/ }).click();
  await expect(d.getByTestId('packet-detail-meaning')).toHaveText('connect as 123 → token issued');
  await expect(d.getByTestId('request-uri')).toHaveText(
    'coap://192.0.2.1/mqtt/connection?clientid=123',
  );
});

test('the keyboard moves the selection and Enter opens the detail', async ({ page }) => {
  await drive(page, [
    { type: 'add-coap-client', name: 'c1' },
    CONNECT,
    send('c1', { method: 'PUT', confirmable: true, path: 'mqtt/connection?clientid=123' }),
  ]);
  await expect(meanings(page)).toHaveCount(4);
  // The focus ring goes round the grid's rounded frame, not the square scroller inside it.
  const frame = log(page).locator('xpath=..');
  await expect(frame).toHaveCSS('outline-style', 'none');
  await log(page).focus();
  await page.keyboard.press('ArrowUp');
  await expect(rowWith(page, 'heartbeat accepted')).toHaveAttribute('aria-selected', 'true');
  await expect(frame).toHaveCSS('outline-style', 'solid');
  await expect(log(page)).toHaveCSS('outline-style', 'none');
  await page.keyboard.press('ArrowUp');
  await expect(rowWith(page, 'heartbeat from 123')).toHaveAttribute('aria-selected', 'true');
  await expect(log(page)).toHaveAttribute('aria-activedescendant', /^packet-row-\d+$/);
  await page.keyboard.press('Home');
  await expect(rowWith(page, 'connect as 123')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(detail(page)).toBeFocused();
  await expect(detail(page).getByTestId('packet-detail-meaning')).toHaveText(
    'connect as 123 → token issued',
  );
});

test('a fling never shows an empty log, and the rows it stops on are drawn in full', async ({
  page,
}) => {
  const publish = send('c1', { method: 'POST', confirmable: false, path: 'ps/f/t', payload: '1' });
  await drive(page, [
    { type: 'add-coap-client', name: 'c1' },
    ...Array.from({ length: 150 }, () => publish),
  ]);
  await expect(count(page)).toHaveText('300 packets');
  // From the newest, 600 px a frame (a fling: rows go by faster than anyone reads them).
  const frames = await page.evaluate(async () => {
    const el = document.querySelector<HTMLElement>('[data-testid="packet-log"]');
    if (!el) throw new Error('no packet log');
    el.scrollIntoView({ block: 'center' });
    const box = el.getBoundingClientRect();
    const at = (y: number) =>
      document
        .elementFromPoint(box.left + box.width / 2, y)
        ?.closest<HTMLElement>('[role="row"][data-seq], [data-light-rows]');
    /** Whether the light form has text drawn in the band of 46 px from `y` (page coordinates). */
    const inked = (canvas: HTMLCanvasElement, y: number) => {
      const scale = canvas.width / canvas.getBoundingClientRect().width;
      const top = Math.round((y - canvas.getBoundingClientRect().top) * scale);
      const band = canvas.getContext('2d')?.getImageData(0, top, canvas.width, 46 * scale).data;
      return Boolean(band?.some((v, i) => i % 4 === 3 && v > 0));
    };
    const out: { covered: boolean; light: boolean }[] = [];
    // Up 15 frames, then back down 10.
    for (let i = 0; i < 25; i++) {
      el.scrollTop += i < 15 ? -600 : 600;
      // The scroll event, and the rows it draws, come before the next frame's callbacks.
      await new Promise((r) => requestAnimationFrame(r));
      const [top, bottom] = [at(box.top + 40), at(box.bottom - 8)];
      const canvas = el.querySelector('canvas');
      out.push({
        covered: canvas
          ? top === canvas &&
            bottom === canvas &&
            inked(canvas, box.top + 40) &&
            inked(canvas, box.bottom - 50)
          : Boolean(top && bottom),
        light: Boolean(canvas),
      });
    }
    // A click on the light form selects the row under the pointer.
    const y = box.top + 120;
    const canvas = at(y);
    if (canvas?.tagName === 'CANVAS')
      canvas.dispatchEvent(
        new MouseEvent('click', { bubbles: true, clientX: box.left + 100, clientY: y }),
      );
    return { out, clicked: canvas?.tagName === 'CANVAS', y, x: box.left + box.width / 2 };
  });
  expect(frames.out.map((f) => f.covered)).toEqual(frames.out.map(() => true));
  // While flung, rows are drawn light: plain text on a canvas.
  expect(frames.out.some((f) => f.light)).toBe(true);
  // Still again: the rows on screen are drawn in full, cell by cell.
  await expect(log(page).locator('[data-light-rows]')).toHaveCount(0);
  expect(frames.clicked).toBe(true);
  // The row selected is the one now drawn in full under the point that was clicked.
  const under = await page.evaluate(
    ({ x, y }) =>
      document.elementFromPoint(x, y)?.closest('[role="row"]')?.getAttribute('aria-selected'),
    frames,
  );
  expect(under).toBe('true');
  await expect(meanings(page).first()).toHaveText(/^publish(ed)? to f\/t /);
  await expect(log(page).getByRole('row').nth(1).getByRole('gridcell')).toHaveCount(10);
});

/** `n` NON publishes from c1 to f/t, their payloads counting up from `from`. */
const publishes = (from: number, n: number): Step[] =>
  Array.from({ length: n }, (_, i) =>
    send('c1', { method: 'POST', confirmable: false, path: 'ps/f/t', payload: String(from + i) }),
  );

test('the log follows the newest packets until the reader scrolls up', async ({ page }) => {
  await drive(page, [{ type: 'add-coap-client', name: 'c1' }, ...publishes(0, 40)]);
  await expect(count(page)).toHaveText('80 packets');
  /** The last row drawn, and whether it lies inside the log's viewport. */
  const newest = () =>
    page.evaluate(() => {
      const el = document.querySelector<HTMLElement>('[data-testid="packet-log"]');
      const rows = [...(el?.querySelectorAll<HTMLElement>('[role="row"][aria-rowindex]') ?? [])];
      const last = rows.sort((a, b) => Number(b.ariaRowIndex) - Number(a.ariaRowIndex))[0];
      if (!el || !last) return { index: 0, inView: false };
      const box = el.getBoundingClientRect();
      const r = last.getBoundingClientRect();
      return {
        index: Number(last.ariaRowIndex),
        inView: r.top >= box.top && r.bottom <= box.bottom + 1,
      };
    });
  // A full log shows its newest row, and keeps doing so as more arrive.
  await expect.poll(newest).toEqual({ index: 81, inView: true });
  await drive(page, publishes(40, 1));
  await expect.poll(newest).toEqual({ index: 83, inView: true });
  await expect(page.getByRole('button', { name: 'Jump to latest' })).toHaveCount(0);

  // Scrolled up, the reader keeps the rows they look at; the newest wait below.
  await log(page).evaluate((el) => (el.scrollTop = 0));
  await expect(page.getByRole('button', { name: 'Jump to latest' })).toBeVisible();
  const first = log(page).getByTestId('packet-meaning').first();
  const before = await first.textContent();
  await drive(page, publishes(41, 1));
  await expect(count(page)).toHaveText('84 packets');
  await expect.poll(() => log(page).evaluate((el) => el.scrollTop)).toBe(0);
  await expect(first).toHaveText(before ?? '');
  await page.getByRole('button', { name: 'Jump to latest' }).click();
  await expect.poll(newest).toEqual({ index: 85, inView: true });
});

test('rows leaving a full log keep the rows the reader looks at in place', async ({ page }) => {
  // A page that keeps 60 entries (the real one keeps 100,000): old rows leave with every publish.
  await page.goto('/?testhooks&page-ring=60');
  // More than it keeps: a batch bigger than the page's ring only indexes its newest entries.
  await drive(page, [{ type: 'add-coap-client', name: 'c1' }, ...publishes(0, 80)]);
  await expect(count(page)).toHaveText('60 packets');
  /** The row drawn nearest the top of the viewport: its journal seq and its offset there. */
  const topRow = () =>
    page.evaluate(() => {
      const el = document.querySelector<HTMLElement>('[data-testid="packet-log"]');
      if (!el) throw new Error('no packet log');
      const box = el.getBoundingClientRect();
      const row = document.elementFromPoint(box.left + box.width / 2, box.top + 60);
      const r = row?.closest<HTMLElement>('[role="row"][data-seq]');
      return r
        ? { seq: r.dataset.seq, y: Math.round(r.getBoundingClientRect().top - box.top) }
        : null;
    });
  await log(page).evaluate((el) => (el.scrollTop = 600));
  await expect(page.getByRole('button', { name: 'Jump to latest' })).toBeVisible();
  // A jump that fast, just after the log followed the newest, reads as a fling: rows are drawn
  // in full once it settles.
  await expect(log(page).locator('[data-light-rows]')).toHaveCount(0);
  const before = await topRow();
  expect(before).not.toBeNull();
  await drive(page, publishes(80, 5));
  await expect(count(page)).toHaveText('60 packets');
  // Rows left above; the one under the reader's eyes did not move.
  await expect.poll(topRow).toEqual(before);
  await expect.poll(() => log(page).evaluate((el) => el.scrollTop)).toBeLessThan(600);
});

test('an HTML payload shows as literal text and creates no element', async ({ page }) => {
  const html = '<img src=x onerror=alert(1)>';
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await drive(page, [
    { type: 'add-coap-client', name: 'c1' },
    send('c1', { method: 'POST', confirmable: true, path: 'ps/%3Cb%3Ex%3C%2Fb%3E', payload: html }),
  ]);
  await rowWith(page, /^publish to <b>x<\/b>/).click();
  await expect(detail(page).getByTestId('payload-text')).toHaveText(html);
  await expect(detail(page).getByTestId('packet-detail-meaning')).toContainText('<b>x</b>');
  await expect(page.locator('main img, main b')).toHaveCount(0);
  expect(dialogs).toBe(0);
});

test('filters narrow the list', async ({ page }) => {
  await drive(page, [
    { type: 'add-coap-client', name: 'c1' },
    { type: 'add-coap-client', name: 'c2' },
    CONNECT,
    send('c2', { method: 'GET', confirmable: false, path: 'ps/t', observe: 0 }),
    send('c1', { method: 'POST', confirmable: true, path: 'ps/t?qos=1', payload: 'x' }),
    send('c1', { method: 'GET', confirmable: true, path: 'mqtt/connection' }),
    { type: 'set-link', client: 'c2', link: { loss: 1, delay: 0, duplicate: 0 } },
    send('c2', { method: 'POST', confirmable: false, path: 'ps/t', payload: 'gone' }),
  ]);
  // connect+reply, subscribe+reply, publish+notification+reply+ACK, GET+4.05, the lost publish.
  await expect(count(page)).toHaveText('11 packets');

  await control(page, 'Type').selectOption('NON');
  await expect(count(page)).toHaveText('3 of 11 packets');
  await control(page, 'Type').selectOption('');

  await control(page, 'Client').selectOption('c2');
  await expect(count(page)).toHaveText('5 of 11 packets');
  await control(page, 'Client').selectOption('');

  await control(page, 'Code').selectOption('error');
  await expect(meanings(page)).toHaveCount(1);
  await expect(meanings(page).first()).toContainText('4.05');
  await control(page, 'Code').selectOption('');

  await control(page, 'Hide empty ACK/RST').check();
  await expect(count(page)).toHaveText('10 of 11 packets');
  await control(page, 'Hide empty ACK/RST').uncheck();

  await control(page, 'Only lost').check();
  await expect(meanings(page)).toHaveCount(1);
  await expect(log(page).locator('[data-fate="lost"]')).toHaveCount(1);
  await control(page, 'Only lost').uncheck();

  await control(page, 'Search').fill('token issued');
  await expect(count(page)).toHaveText('1 of 11 packets');
  await expect(meanings(page).first()).toHaveText('connect as 123 → token issued');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(count(page)).toHaveText('11 packets');
  await expect(control(page, 'Search')).toHaveValue('');
});

test('a DELETE answered 2.02 shows where the document is wrong', async ({ page }) => {
  await drive(page, [
    { type: 'add-coap-client', name: 'c1' },
    CONNECT,
    send('c1', { method: 'DELETE', confirmable: true, path: 'mqtt/connection?clientid=123' }),
  ]);
  const reply = rowWith(page, 'disconnected: the channel closes');
  await expect(reply.getByTestId('divergence-marker')).toHaveCount(1);
  await expect(rowWith(page, 'connect as 123').getByTestId('divergence-marker')).toHaveCount(0);
  await reply.click();
  const notes = detail(page).getByTestId('document-notes');
  await expect(notes).toContainText('Where the document is wrong');
  await expect(notes.locator('[data-note="delete-2.02"]')).toContainText('succeeds with 2.01');
  await expect(notes.locator('[data-note="delete-2.02"]')).toContainText('Answers 2.02 Deleted');
});

test('the sequence view draws the arrows and selects a packet on click', async ({ page }) => {
  await drive(page, [
    { type: 'add-coap-client', name: 'c1' },
    { type: 'add-mqtt-client', clientId: 'm1' },
    {
      type: 'mqtt-subscribe',
      client: 'm1',
      filter: 't',
      options: { qos: 0, nl: false, rap: false, rh: 0 },
    },
    CONNECT,
    send('c1', { method: 'POST', confirmable: true, path: 'ps/t', payload: 'hi' }),
  ]);
  await expect(meanings(page)).toHaveCount(4);
  await page.getByRole('tab', { name: 'Sequence' }).click();
  const diagram = page.getByTestId('sequence-diagram');
  await expect(diagram).toBeVisible();
  // 4 datagrams, the gateway's publish to the broker, the broker's delivery to m1.
  await expect(diagram.getByTestId('sequence-arrow')).toHaveCount(6);
  await expect(diagram.locator('title').first()).toContainText('c1 → gateway');
  const publish = diagram.getByRole('img', { name: /gateway → broker: publish to t/ });
  await expect(publish).toHaveCount(1);
  const connect = diagram.getByRole('button', { name: /connect as 123/ });
  await connect.click();
  await expect(connect).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: 'Show as a list' }).click();
  await expect(page.getByTestId('sequence-list').getByRole('listitem')).toHaveCount(6);
  await page.getByRole('tab', { name: 'Packets' }).click();
  await expect(rowWith(page, 'connect as 123')).toHaveAttribute('aria-selected', 'true');
});

for (const theme of ['light', 'dark'] as const) {
  test(`the packet views have no serious or critical axe violations (${theme})`, async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await page.emulateMedia({ colorScheme: theme });
    await page.reload();
    await drive(page, [
      { type: 'add-coap-client', name: 'c1' },
      CONNECT,
      send('c1', { method: 'DELETE', confirmable: true, path: 'mqtt/connection?clientid=123' }),
      { type: 'send-raw', client: 'c1', bytes: [0x49, 0x01, 0x00, 0x01] },
    ]);
    const check = async () => {
      // The Traffic panel: the other panels have their own checks.
      const { violations } = await new AxeBuilder({ page })
        .include('[aria-labelledby="traffic-title"]')
        .analyze();
      const bad = violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
      expect(bad).toEqual([]);
    };
    await rowWith(page, 'disconnected: the channel closes').click();
    await expect(detail(page).getByTestId('document-notes')).toBeVisible();
    await check();
    await rowWith(page, 'RST: gateway rejected a malformed CON').click();
    await rowWith(page, 'malformed: ').click();
    await expect(page.getByTestId('decode-error')).toBeVisible();
    await control(page, 'Only lost').check();
    await expect(page.getByText('No packet matches the filters.')).toBeVisible();
    await check();
    await page.getByRole('tab', { name: 'Sequence' }).click();
    await expect(page.getByTestId('sequence-diagram')).toBeVisible();
    await check();
    await page.getByRole('button', { name: 'Show as a list' }).click();
    await check();
  });
}
