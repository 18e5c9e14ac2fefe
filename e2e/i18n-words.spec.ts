import { expect, test, type Page } from '@playwright/test';
import type { Intent, IntentResult } from '../src/worker/api';
import { englishOnPage } from './support/english';

// Words said below the page (a channel's story, the settings notices, a scenario that would not
// open, the side-by-side comparison's steps and whys) in the page's language: no English in zh-CN
// outside wire data (translate="no"), and in English as they always read.

declare global {
  interface Window {
    __playground?: { dispatch: (i: Intent) => Promise<IntentResult> };
  }
}

async function open(page: Page, query: string): Promise<void> {
  await page.goto(`/?${query}&testhooks`);
  await page.waitForFunction(() => window.__playground !== undefined);
  await dispatch(page, { type: 'clock-rate', rate: 0 });
}

async function dispatch(page: Page, intent: Intent): Promise<void> {
  const r = await page.evaluate((i) => window.__playground!.dispatch(i), intent);
  expect(r, JSON.stringify(intent)).toMatchObject({ ok: true });
}

/** The English words in every element matching `selector`. */
async function englishIn(page: Page, selector: string): Promise<string[]> {
  const all = page.locator(selector);
  const n = await all.count();
  expect(n, selector).toBeGreaterThan(0);
  const found = new Set<string>();
  for (let i = 0; i < n; i++) {
    await all.nth(i).evaluate((el) => el.setAttribute('data-words-scan', ''));
    for (const w of await englishOnPage(page, '[data-words-scan]')) found.add(w);
    await all.nth(i).evaluate((el) => el.removeAttribute('data-words-scan'));
  }
  return [...found];
}

async function switchTo(page: Page, lang: 'en' | 'zh-CN'): Promise<void> {
  await page.locator('header select').first().selectOption(lang);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

/** A channel that connects as 123, heartbeats, is reset by it, and is kicked by the operator. */
async function storyOfAKick(page: Page): Promise<void> {
  await dispatch(page, { type: 'add-coap-client', name: 'sensor' });
  await dispatch(page, {
    type: 'send',
    client: 'sensor',
    spec: { method: 'POST', confirmable: true, path: 'mqtt/connection?clientid=123' },
  });
  await dispatch(page, { type: 'clock-advance', ms: 100 });
  const token = page.getByTestId('channel-card').getByTestId('channel-token');
  await expect(token).toHaveText(/^\d+$/);
  const t = (await token.textContent()) as string;
  await dispatch(page, { type: 'clock-advance', ms: 20_000 });
  await dispatch(page, {
    type: 'send',
    client: 'sensor',
    spec: { method: 'PUT', confirmable: true, path: `mqtt/connection?clientid=123&token=${t}` },
  });
  await dispatch(page, { type: 'clock-advance', ms: 11_000 });
  await expect(
    page.getByTestId('channel-card').locator('[data-testid="story-item"][data-kind="keepalive"]'),
  ).not.toHaveCount(0);
}

const liveStory = '[data-testid="channel-card"] [data-testid="channel-story"]';
const closedStory = '[data-testid="closed-channel"] [data-testid="channel-story"]';

test('a channel story in zh-CN: connect, heartbeat, a kick from the Operator view, the close', async ({
  page,
}) => {
  await open(page, 'lang=zh-CN&connection_required=true&heartbeat=30s');
  await storyOfAKick(page);
  const items = page.locator(`${liveStory} [data-testid="story-item"]`);
  await expect(items.first()).toContainText('以连接模式为');
  await expect(items.nth(1)).toContainText('以 123 创建连接');
  expect(await englishIn(page, liveStory)).toEqual([]);

  await dispatch(page, {
    type: 'operator-call',
    call: { method: 'DELETE', path: '/gateways/coap/clients/123', query: [] },
  });
  await dispatch(page, { type: 'clock-advance', ms: 100 });
  const closed = page.getByTestId('closed-channel').first();
  await expect(closed).toHaveAttribute('data-reason', 'kicked');
  await closed.locator('details > summary').click();
  await expect(closed.locator('[data-testid="story-item"][data-kind="closed"]')).toContainText(
    '已被踢出：',
  );
  expect(await englishIn(page, closedStory)).toEqual([]);

  // The same story in English, as it always read.
  await switchTo(page, 'en');
  await expect(closed.locator('[data-testid="story-item"]').first()).toContainText(
    'Opened in connection mode',
  );
  await expect(closed.locator('[data-testid="story-item"][data-kind="closed"]')).toContainText(
    'Kicked: ',
  );
});

test('a settings notice from ?heartbeat=abc and a shared scenario that would not open, in zh-CN', async ({
  page,
}) => {
  await page.goto('/?lang=zh-CN&heartbeat=abc&scenario=AAAA');
  const notices = page.getByTestId('settings-notice');
  await expect(notices).toHaveCount(2);
  await expect(notices.nth(0)).toContainText('未能打开分享的场景：地址中的场景已损坏');
  await expect(notices.nth(1)).toContainText('heartbeat=abc 无效');
  expect(await englishIn(page, '[data-testid="settings-notice"]')).toEqual([]);

  await switchTo(page, 'en');
  await expect(notices.nth(0)).toHaveText(
    'the shared scenario was not opened: the scenario in the address is damaged (it does not inflate): was the link cut short?',
  );
  await expect(notices.nth(1)).toHaveText(
    'heartbeat=abc is not valid (expected a duration from 1s to 24h, e.g. 30s); using the default "30s"',
  );
});

test('the side-by-side comparison in zh-CN: its steps, channel lines and whys', async ({
  page,
}) => {
  await open(page, 'lang=zh-CN');
  await page.locator('[role="tab"][id$="-tab-compare"]').first().click();
  await page.getByTestId('side-by-side').locator('button').first().click();
  await expect(page.getByTestId('compare-row').first()).toBeVisible();
  await expect(page.getByTestId('compare-why').first()).toContainText('无连接模式');
  for (const region of ['compare-step', 'compare-lifecycle', 'compare-why'])
    expect(await englishIn(page, `[data-testid="${region}"]`), region).toEqual([]);

  await switchTo(page, 'en');
  await expect(page.getByTestId('compare-why').first()).toContainText(
    'connectionless mode does not block mqtt/connection',
  );
  await expect(page.getByTestId('compare-lifecycle').first()).toHaveText('connected as 123');
});
