import { expect, test, type Page } from '@playwright/test';
import { drive, type Step } from './support/drive';
import { englishOnPage } from './support/english';
import { SIZES, overflows } from './support/layout';

/**
 * The whole page in 简体中文 after a session, every tab of both columns, nothing excluded: the
 * area specs (e2e/i18n-*.spec.ts) each leave out what another area says; this one reads what
 * they render together. The session's data has no English words in it (clientid `c1`, topic
 * `t/1`), so whatever English it finds is the page's own. Then the layout in Chinese at the four
 * sizes the layout spec covers.
 */

const send = (client: string, spec: Record<string, unknown>): Step => ({
  type: 'send',
  client,
  spec,
});
/** A tab of either column or of the narrow page's switcher, by its id: its name is Chinese here. */
const tab = (page: Page, id: string) => page.locator(`[role="tab"][id$="-tab-${id}"]`);
const CENTRE = ['packets', 'sequence', 'decode', 'compare'];
const SIDE = ['connections', 'operator', 'topics', 'settings', 'lessons'];

/** Connection mode: connect, observe, an MQTT publish to the observer, a publish, a bad token, a close. */
async function session(page: Page) {
  await page.goto('/?connection_required=true&testhooks&lang=zh-CN');
  await drive(page, [
    { type: 'clock-rate', rate: 0 },
    { type: 'add-coap-client', name: 'c' },
    { type: 'add-mqtt-client', clientId: 'm1' },
    { type: 'mqtt-subscribe', client: 'm1', filter: 't/#', options: { qos: 1 } },
    send('c', { method: 'POST', confirmable: true, path: 'mqtt/connection?clientid=c1' }),
    { type: 'clock-advance', ms: 50 },
  ]);
  const token = page.getByTestId('channel-token').first();
  await expect(token).toHaveText(/^\d+$/);
  const auth = `clientid=c1&token=${await token.textContent()}`;
  await drive(page, [
    send('c', { method: 'GET', confirmable: true, path: `ps/t/1?${auth}`, observe: 0 }),
    { type: 'clock-advance', ms: 500 },
    { type: 'mqtt-publish', client: 'm1', topic: 't/1', payload: '42', qos: 1, retain: false },
    { type: 'clock-advance', ms: 500 },
    send('c', { method: 'POST', confirmable: false, path: `ps/t/2?${auth}&qos=1`, payload: '7' }),
    { type: 'clock-advance', ms: 500 },
    send('c', { method: 'PUT', confirmable: true, path: 'mqtt/connection?clientid=c1&token=1' }),
    { type: 'clock-advance', ms: 500 },
    send('c', { method: 'DELETE', confirmable: true, path: `mqtt/connection?${auth}` }),
    { type: 'clock-advance', ms: 500 },
  ]);
}

test('the whole page after a session reads in Chinese, every tab of both columns', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await session(page);
  // The tab's title and the document's language too (screen readers pick their voice by it).
  await expect(page).toHaveTitle('CoAP 网关演练场');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  const rows = page.getByTestId('packet-log').getByRole('row');
  await expect(rows.nth(8)).toBeVisible();
  // A reply with a "document differs" note, selected: the detail pane, its notes, its events.
  await rows
    .filter({ has: page.getByTestId('divergence-marker') })
    .last()
    .click();
  await expect(page.getByTestId('packet-detail')).toBeVisible();
  for (const side of SIDE)
    for (const centre of CENTRE) {
      await tab(page, side).click();
      await tab(page, centre).click();
      await page.waitForTimeout(150);
      expect(await englishOnPage(page), `${centre} beside ${side}`).toEqual([]);
    }
});

for (const size of SIZES) {
  test(`in Chinese at ${size.name} no element of any panel, view or tab is wider than its panel`, async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width: size.width, height: size.height });
    await session(page);
    const check = async (where: string) => expect(await overflows(page), where).toEqual([]);
    if (!size.wide) await check('compose view');
    if (!size.wide) await tab(page, 'traffic').click();
    await page.getByTestId('packet-log').getByRole('row').last().click();
    for (const centre of CENTRE) {
      await tab(page, centre).click();
      await check(centre);
    }
    if (!size.wide) await tab(page, 'gateway').click();
    for (const side of SIDE) {
      await tab(page, side).click();
      await check(side);
    }
  });
}
