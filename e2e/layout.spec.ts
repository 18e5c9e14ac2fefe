import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { drive, type Step } from './support/drive';
import { SIZES, expectOnScreen, openView, overflows } from './support/layout';

/**
 * The page's layout at four sizes (issue 26): three columns that scroll on their own from
 * 1100 px up, one view at a time behind a switcher below; nothing wider than its panel; the
 * composer's Send and what it did on screen together; the overflows of issue 26's problem 9.
 */

/** A long topic, so paths, chips and dumps have something to overflow with. */
const LONG = 'ps/coap/greenhouse/north-wing/bench-12/soil-moisture/sensor-7';
const send = (client: string, spec: Record<string, unknown>): Step => ({
  type: 'send',
  client,
  spec,
});

const composer = (page: Page) => page.getByRole('form', { name: 'Compose a CoAP request' });
const sendButton = (page: Page) => composer(page).getByRole('button', { name: /^Send/ });
const log = (page: Page) => page.getByTestId('packet-log');
const rowWith = (page: Page, text: string | RegExp) =>
  log(page)
    .getByRole('row')
    .filter({ has: page.getByTestId('packet-meaning').filter({ hasText: text }) });
const detail = (page: Page) => page.getByTestId('packet-detail');

/**
 * Connection mode, the clock paused past a minute (the longest times): a client connected as
 * sensor-1 observing LONG, an MQTT client publishing to it (a notification), a publish.
 */
async function scenario(page: Page) {
  await page.goto('/?connection_required=true&testhooks');
  await drive(page, [
    { type: 'clock-rate', rate: 0 },
    { type: 'add-coap-client', name: 'sensor' },
    { type: 'add-mqtt-client', clientId: 'dashboard' },
    { type: 'mqtt-subscribe', client: 'dashboard', filter: 'coap/#', options: { qos: 1 } },
    { type: 'clock-advance', ms: 61_000 },
    send('sensor', {
      method: 'POST',
      confirmable: true,
      path: 'mqtt/connection?clientid=sensor-1',
    }),
    { type: 'clock-advance', ms: 50 },
  ]);
  // Read as text: on a narrow page the Gateway view is hidden.
  const token = page.getByTestId('channel-token').first();
  await expect(token).toHaveText(/^\d+$/);
  const auth = `clientid=sensor-1&token=${await token.textContent()}`;
  await drive(page, [
    send('sensor', { method: 'GET', confirmable: true, path: `${LONG}?${auth}`, observe: 0 }),
    { type: 'clock-advance', ms: 1200 },
    {
      type: 'mqtt-publish',
      client: 'dashboard',
      topic: LONG.replace(/^ps\//, ''),
      payload: '{"moisture":41}',
      qos: 1,
      retain: false,
    },
    { type: 'clock-advance', ms: 900 },
    send('sensor', {
      method: 'POST',
      confirmable: false,
      path: `${LONG}?${auth}`,
      payload: '21.5',
    }),
    { type: 'clock-advance', ms: 700 },
  ]);
}

for (const size of SIZES) {
  test.describe(`at ${size.name}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test('no element of any panel, view or tab is wider than its panel', async ({ page }) => {
      test.setTimeout(60_000);
      await scenario(page);
      const check = async (where: string) => expect(await overflows(page), where).toEqual([]);
      const traffic = page.locator('[data-panel="traffic"]');
      const gateway = page.locator('[data-panel="gateway"]');
      if (!size.wide) await check('compose view');
      if (!size.wide) await openView(page, 'Traffic');
      await check('packets');
      await rowWith(page, /^subscribed to/).click();
      await expect(
        detail(page).getByRole('button', { name: /^Answers the request/ }),
      ).toBeVisible();
      await check('a reply selected');
      await rowWith(page, /^subscribe to/).click();
      await check('a request selected');
      for (const tab of ['Sequence', 'Decode hex', 'Side by side']) {
        await traffic.getByRole('tab', { name: tab }).click();
        await check(tab);
      }
      if (!size.wide) await openView(page, 'Gateway');
      await check('connections');
      for (const tab of ['Operator', 'Topics', 'Settings', 'Lessons']) {
        await gateway.getByRole('tab', { name: tab }).click();
        await check(tab);
      }
    });

    test('Send and the newest packet are on screen after a preset is sent', async ({ page }) => {
      await page.goto('/?connection_required=true&testhooks');
      await drive(page, [{ type: 'add-coap-client', name: 'device' }]);
      await composer(page).getByRole('button', { name: 'Connect', exact: true }).click();
      await sendButton(page).click();
      await expect(composer(page).getByTestId('send-result')).toContainText('2.01 Created');
      await expectOnScreen(sendButton(page), 'Send');
      if (size.wide) {
        const newest = rowWith(page, /^connected as 123/);
        await expectOnScreen(newest, 'the newest log row');
        // The page itself never scrolls: its columns do.
        const doc = await page.evaluate(() => [document.documentElement.scrollHeight, innerHeight]);
        expect(doc[0]).toBeLessThanOrEqual(doc[1]);
      } else {
        const latest = page.getByTestId('latest-packet');
        await expect(latest).toContainText('2.01 Created');
        await expectOnScreen(latest, 'the newest packet under Send');
        await latest.click();
        const row = rowWith(page, /^connected as 123/);
        await expect(row).toHaveAttribute('aria-selected', 'true');
        await expectOnScreen(row, 'the newest log row, in Traffic');
      }
    });
  });
}

test.describe('the wide page', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('keeps Send on screen wherever the composer is scrolled', async ({ page }) => {
    await scenario(page);
    const column = composer(page).locator('xpath=ancestor::main/div[1]');
    // The top, the middle, and the form's last line half-way up the column.
    for (const at of ['top', 'middle', 'end']) {
      await column.evaluate((el, at) => {
        const form = el.querySelector('form')!;
        const end = form.offsetTop + form.offsetHeight - el.clientHeight / 2;
        el.scrollTo(0, at === 'top' ? 0 : at === 'middle' ? end / 2 : end);
      }, at);
      await expectOnScreen(sendButton(page), `Send, the composer scrolled to its ${at}`);
      await expectOnScreen(log(page), `the packet log, the composer at its ${at}`);
    }
  });
});

test.describe('the narrow page', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('switches between its views and keeps what was typed', async ({ page }) => {
    await page.goto('/?testhooks'); // not a first visit: no welcome
    const switcher = page.getByRole('tablist', { name: 'Page view' });
    await expect(switcher.getByRole('tab', { name: 'Compose' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    // One view at a time, not a stack: the log and the channels wait behind their tabs.
    await expect(log(page)).toBeHidden();
    await expect(page.locator('[data-panel="gateway"]')).toBeHidden();
    const path = composer(page).getByRole('combobox', { name: 'Path' });
    await path.fill('ps/coap/kept');
    await openView(page, 'Traffic');
    await expect(log(page)).toBeVisible();
    await expect(composer(page)).toBeHidden();
    // The arrow keys move along the switcher, as along any tabs.
    await switcher.getByRole('tab', { name: 'Traffic' }).press('ArrowRight');
    await expect(page.locator('[data-panel="gateway"]')).toBeVisible();
    await openView(page, 'Compose');
    await expect(path).toHaveValue('ps/coap/kept');
  });

  test('a lesson\'s "Show the packet" opens the Traffic view on that packet', async ({ page }) => {
    await page.goto('/?testhooks'); // not a first visit: no welcome
    await openView(page, 'Gateway');
    await page.locator('[data-panel="gateway"]').getByRole('tab', { name: 'Lessons' }).click();
    const lessons = page.getByTestId('lessons');
    await lessons.getByLabel('Lesson').selectOption({ label: '1. Connection mode: the lifecycle' });
    await lessons.getByRole('button', { name: 'Start lesson' }).click();
    await lessons.getByRole('button', { name: /^Do it for me/ }).click();
    const step = lessons.getByTestId('lesson-step').first();
    await expect(step).toHaveAttribute('data-state', 'done');
    await step.getByRole('button', { name: /Show the packet/ }).click();
    await expect(
      page.getByRole('tablist', { name: 'Page view' }).getByRole('tab', { name: 'Traffic' }),
    ).toHaveAttribute('aria-selected', 'true');
    await expectOnScreen(log(page).locator('[role="row"][aria-selected="true"]'), 'the packet');
  });

  for (const [way, view, shown] of [
    ['Walk through connection mode', 'Gateway', 'lessons'],
    ['Compare both modes', 'Traffic', 'compare-row'],
  ] as const) {
    test(`the welcome's "${way}" opens the ${view} view`, async ({ page }) => {
      await page.goto('/'); // a first visit
      await page
        .getByTestId('welcome')
        .getByRole('button', { name: new RegExp(way) })
        .click();
      await expect(
        page.getByRole('tablist', { name: 'Page view' }).getByRole('tab', { name: view }),
      ).toHaveAttribute('aria-selected', 'true');
      await expect(page.getByTestId(shown).first()).toBeVisible();
    });
  }

  test('a view shown again shows the newest packets, in the log and the diagram', async ({
    page,
  }) => {
    await page.goto('/?testhooks');
    await openView(page, 'Traffic');
    await page.locator('[data-panel="traffic"]').getByRole('tab', { name: 'Sequence' }).click();
    await page.locator('[data-panel="traffic"]').getByRole('tab', { name: 'Packets' }).click();
    // Traffic while the log is hidden behind the Compose view.
    await openView(page, 'Compose');
    await drive(page, [
      { type: 'add-coap-client', name: 'device' },
      ...Array.from({ length: 12 }, (_, i) =>
        send('device', { method: 'POST', confirmable: false, path: `ps/coap/t${i}` }),
      ),
    ]);
    await openView(page, 'Traffic');
    await expectOnScreen(rowWith(page, 'coap/t11').last(), 'the newest row');
    await page.locator('[data-panel="traffic"]').getByRole('tab', { name: 'Sequence' }).click();
    await openView(page, 'Compose');
    await drive(page, [send('device', { method: 'POST', confirmable: false, path: 'ps/coap/z' })]);
    await openView(page, 'Traffic');
    const body = page.getByRole('region', { name: 'Sequence diagram, scrollable' });
    await expect
      .poll(() => body.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight))
      .toBeLessThan(2);
  });
});

test.describe('problem 9: nothing runs out of its box', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('the "Answers the request" link stays inside the detail pane', async ({ page }) => {
    await scenario(page);
    await rowWith(page, /^subscribed to/).click();
    const link = detail(page).getByRole('button', { name: /^Answers the request/ });
    await expect(link).toContainText(LONG.slice(0, 20));
    const [pane, chip] = [await detail(page).boundingBox(), await link.boundingBox()];
    expect(chip!.x + chip!.width).toBeLessThanOrEqual(pane!.x + pane!.width);
  });

  // 16 bytes a line at 1600 px, two lines of 8 in the narrower pane at 1440 px.
  for (const [width, height] of [
    [1440, 900],
    [1600, 1000],
  ]) {
    test(`the hex dump's ASCII column is in view beside the bytes at ${width} px`, async ({
      page,
    }) => {
      await page.setViewportSize({ width, height });
      await scenario(page);
      await rowWith(page, /^subscribe to/).click();
      const dump = detail(page).getByRole('region', { name: 'Hex dump of the packet' });
      const fits = await dump.evaluate((el) => {
        const box = el.getBoundingClientRect();
        const ascii = [...el.querySelectorAll('[aria-hidden="true"]:has(> span)')];
        const last = ascii.at(-1)?.lastElementChild;
        return {
          scrolls: el.scrollWidth > el.clientWidth,
          asciiInside: (last?.getBoundingClientRect().right ?? Infinity) <= box.right,
          // Each row's ASCII takes as many lines as its bytes (one, or two of 8): none wraps alone.
          asciiLinesMatchBytes: ascii.every(
            (a) =>
              a.getBoundingClientRect().height ===
              a.previousElementSibling!.getBoundingClientRect().height,
          ),
        };
      });
      expect(fits).toEqual({ scrolls: false, asciiInside: true, asciiLinesMatchBytes: true });
    });
  }

  for (const { width, height, paths } of [
    {
      width: 1440,
      height: 900,
      paths: ['mqtt/connection', 'ps/coap/test', 'ps/coap/sensor-1/temp'],
    },
    { width: 1280, height: 720, paths: ['mqtt/connection', 'ps/coap/test'] },
  ]) {
    test(`the log shows the document's paths whole at ${width} px`, async ({ page }) => {
      await page.setViewportSize({ width, height });
      await page.goto('/?testhooks');
      await drive(page, [
        { type: 'add-coap-client', name: 'device' },
        ...(['POST', 'PUT', 'GET', 'DELETE'] as const).flatMap((method) =>
          paths.map((path) =>
            send('device', { method, confirmable: true, path: `${path}?clientid=123&token=1` }),
          ),
        ),
      ]);
      // Each request's code-and-path cell: its text up to the query must fit the cell.
      const cells = log(page).getByRole('gridcell', { name: /^(GET|POST|PUT|DELETE) \// });
      await expect(cells).not.toHaveCount(0);
      const cut = await cells.evaluateAll((all) =>
        all.flatMap((cell) => {
          const text = cell.lastChild;
          if (text?.nodeType !== Node.TEXT_NODE) return [`no path in ${cell.textContent}`];
          const path = text.textContent ?? '';
          const range = document.createRange();
          range.setStart(text, 0);
          range.setEnd(text, path.includes('?') ? path.indexOf('?') : path.length);
          const fits = range.getBoundingClientRect().right <= cell.getBoundingClientRect().right;
          return fits ? [] : [cell.textContent ?? ''];
        }),
      );
      expect(cut).toEqual([]);
    });
  }

  test("a client card's times stay inside the card", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await scenario(page);
    const card = page.getByTestId('coap-client-sensor');
    await expect(card.getByTestId('exchange')).toHaveCount(3);
    const out = await card.evaluate((el) => {
      const box = el.getBoundingClientRect();
      return [...el.querySelectorAll('*')]
        .filter((d) => d.getClientRects().length > 0)
        .filter((d) => d.getBoundingClientRect().right > box.right + 0.5)
        .map((d) => d.textContent);
    });
    expect(out).toEqual([]);
  });

  test("many peers do not push the gateway's lane out of the sequence view", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('/?testhooks');
    const peers = Array.from({ length: 9 }, (_, i) => `peer-${i + 1}`);
    await drive(page, [
      { type: 'clock-rate', rate: 0 },
      ...peers.map((name): Step => ({ type: 'add-coap-client', name })),
      ...peers.map((name) => send(name, { method: 'POST', confirmable: false, path: 'ps/coap/t' })),
      { type: 'clock-advance', ms: 100 },
    ]);
    await page.locator('[data-panel="traffic"]').getByRole('tab', { name: 'Sequence' }).click();
    const scroller = page.getByTestId('sequence-scroller');
    const lane = scroller.locator('span[title="Gateway"]');
    // Many lanes: the diagram is wider than its panel and scrolls sideways...
    expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    // ...to where the gateway's lane is in view.
    const [box, badge] = [await scroller.boundingBox(), await lane.boundingBox()];
    expect(badge!.x).toBeGreaterThanOrEqual(box!.x);
    expect(badge!.x + badge!.width).toBeLessThanOrEqual(box!.x + box!.width);
  });
});

for (const { width, height } of [
  { width: 1280, height: 720 },
  { width: 390, height: 844 },
]) {
  for (const theme of ['light', 'dark'] as const) {
    test(`the page has no serious or critical axe violations at ${width} px (${theme})`, async ({
      page,
    }) => {
      test.setTimeout(90_000);
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: theme });
      await scenario(page);
      // The wide page at once; the narrow page view by view (axe skips what is hidden).
      const views = width > 1100 ? [undefined] : (['Compose', 'Traffic', 'Gateway'] as const);
      for (const view of views) {
        if (view) await openView(page, view);
        if (view !== 'Compose' && view !== 'Gateway') await rowWith(page, /^subscribed to/).click();
        const { violations } = await new AxeBuilder({ page }).analyze();
        const bad = violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
        expect(bad, view ?? 'the page').toEqual([]);
      }
    });
  }
}
