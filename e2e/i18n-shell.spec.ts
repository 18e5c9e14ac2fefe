import { expect, test, type Page } from '@playwright/test';
import { englishOnPage } from './support/english';

/**
 * The page's shell (header, clock, relay, share, panel titles and tabs, the narrow view switcher,
 * capture import), the first-run welcome and the composer column in 简体中文: no English word a
 * reader meets outside wire data; and how the page picks and keeps its language.
 */

const english = (page: Page, root: string): Promise<string[]> => englishOnPage(page, root);

const HEADER = 'header:has(h1)';
const COMPOSER = 'section[data-panel="composer"]';
const WELCOME = '[data-testid="welcome"]';

const composer = (page: Page) => page.getByRole('form', { name: '构造 CoAP 请求' });
const presets = (page: Page) => page.getByRole('region', { name: '文档中的预设请求' });
const sendButton = (page: Page) => composer(page).getByRole('button', { name: /^从 .* 发送$/ });
const returning = (page: Page) =>
  page.addInitScript(() => localStorage.setItem('coap-playground-welcome', 'dismissed'));

const SIZES = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
] as const;

const PRESETS = ['创建连接', '心跳', '断开连接', '发布', '订阅', '取消订阅'];

test.beforeEach(async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
});

for (const size of SIZES) {
  const narrow = size.width < 1100;
  test.describe(`zh-CN at ${size.width}×${size.height}`, () => {
    test.use({ viewport: size });

    test('the welcome of a first visit, its terminal commands, and the header under it', async ({
      page,
    }) => {
      await page.goto('/?lang=zh-CN');
      const welcome = page.getByRole('dialog', { name: '欢迎：三种入门方式' });
      await expect(welcome).toBeVisible();
      expect(await english(page, WELCOME)).toEqual([]);
      await welcome.getByRole('button', { name: /从终端访问/ }).click();
      await expect(welcome.getByTestId('welcome-command').first()).toBeVisible();
      expect(await english(page, WELCOME)).toEqual([]);
      await welcome.getByRole('button', { name: '关闭' }).click();
      await expect(welcome).toHaveCount(0);
    });

    test('the header: clock, relay, share dialog; panel titles, tabs and the view switcher', async ({
      page,
    }) => {
      await returning(page);
      await page.goto('/?lang=zh-CN');
      await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('CoAP 网关演练场');
      await expect(page.getByTestId('relay-status')).toBeVisible();
      expect(await english(page, HEADER)).toEqual([]);

      // The clock paused, and the relay's help opened.
      await page.getByRole('radio', { name: '暂停' }).click();
      await expect(page.getByText('虚拟时间 · 已暂停')).toBeVisible();
      await page.getByTestId('relay-status').locator('summary').click();
      await expect(page.getByRole('button', { name: '关闭' })).toBeVisible();
      expect(await english(page, HEADER)).toEqual([]);
      await page.getByRole('button', { name: '关闭' }).click();

      await page.getByRole('button', { name: '分享' }).click();
      const dialog = page.getByRole('dialog', { name: '分享场景' });
      await expect(dialog).toBeVisible();
      await expect(dialog.getByRole('textbox', { name: '场景链接' })).toHaveValue(/lang=zh-CN/);
      expect(await english(page, HEADER)).toEqual([]);
      await page.getByRole('button', { name: '分享' }).click();

      if (narrow) {
        const views = page.getByRole('navigation', { name: '视图' });
        await expect(views.getByRole('tab')).toHaveText(['构造', '流量', '网关']);
        expect(await english(page, 'nav')).toEqual([]);
        // The newest packet's line, before any: its empty state.
        expect(await english(page, '[data-testid="latest-packet"]')).toEqual([]);
        await views.getByRole('tab', { name: '流量' }).click();
        expect(await english(page, 'section[data-panel="traffic"] > div:first-child')).toEqual([]);
        expect(await english(page, 'section[data-panel="traffic"] [role="tablist"]')).toEqual([]);
        await views.getByRole('tab', { name: '网关' }).click();
        expect(await english(page, 'section[data-panel="gateway"] > div:first-child')).toEqual([]);
        expect(await english(page, 'section[data-panel="gateway"] [role="tablist"]')).toEqual([]);
      } else {
        for (const panel of ['composer', 'clients', 'traffic', 'gateway'])
          expect(await english(page, `section[data-panel="${panel}"] > div:first-child`)).toEqual(
            [],
          );
        expect(await english(page, 'section[data-panel="traffic"] [role="tablist"]')).toEqual([]);
        expect(await english(page, 'section[data-panel="gateway"] [role="tablist"]')).toEqual([]);
      }
    });

    for (const mode of ['connection', 'connectionless'] as const)
      test(`the composer in ${mode} mode, with each preset applied`, async ({ page }) => {
        await returning(page);
        await page.goto(`/?lang=zh-CN&connection_required=${mode === 'connection'}`);
        await expect(
          presets(page).getByRole('radio', {
            name: mode === 'connection' ? '连接模式' : '无连接模式',
            exact: true,
          }),
        ).toBeChecked();
        await expect(sendButton(page)).toBeEnabled();
        expect(await english(page, COMPOSER)).toEqual([]);
        for (const name of PRESETS) {
          await presets(page).getByRole('button', { name, exact: true }).click();
          await expect(presets(page).getByRole('status')).toBeVisible();
          expect(await english(page, COMPOSER), name).toEqual([]);
        }
        // The presets of the other mode: the switch offered, and what it resets.
        await presets(page)
          .getByRole('radio', {
            name: mode === 'connection' ? '无连接模式' : '连接模式',
            exact: true,
          })
          .check({ force: true });
        await expect(presets(page).getByTestId('preset-mode-switch')).toBeVisible();
        expect(await english(page, COMPOSER)).toEqual([]);
      });

    test('the query builder with a parameter, the command box, and the send outcome', async ({
      page,
    }) => {
      await returning(page);
      await page.goto('/?lang=zh-CN');
      await expect(sendButton(page)).toBeEnabled();
      const add = composer(page).getByRole('combobox', { name: '添加查询参数' });
      await add.selectOption('clientid');
      await add.selectOption('__custom');
      await expect(composer(page).getByRole('textbox', { name: '参数名' })).toBeVisible();
      await expect(composer(page).getByTestId('coap-client-command')).toBeVisible();
      expect(await english(page, COMPOSER)).toEqual([]);

      // Hex payload and a typed token: the bytes preview and the command's notes for them.
      await composer(page).getByRole('combobox', { name: 'CoAP 令牌类型' }).selectOption('text');
      await composer(page)
        .getByRole('textbox', { name: /^CoAP 令牌/ })
        .fill('obstoken');
      await composer(page).getByText('十六进制', { exact: true }).last().click();
      await expect(composer(page).getByTestId('composer-bytes')).toBeVisible();
      expect(await english(page, COMPOSER)).toEqual([]);

      await composer(page).getByRole('button', { name: /^移除/ }).last().click();
      await sendButton(page).click();
      const result = composer(page).getByTestId('send-result');
      await expect(result).toContainText('已从 device 发送');
      await expect(result).toContainText('响应：');
      expect(await english(page, '[data-testid="send-result"]')).toEqual([]);
      expect(await english(page, '[data-testid="coap-client-command"] + div')).toEqual([]);
      if (!narrow) expect(await english(page, COMPOSER)).toEqual([]);
    });

    test('the capture import button, its drop area and banner', async ({ page }) => {
      await returning(page);
      await page.goto('/?lang=zh-CN');
      if (narrow)
        await page
          .getByRole('navigation', { name: '视图' })
          .getByRole('tab', { name: '流量' })
          .click();
      const bar = 'section[data-panel="traffic"] > div:first-child';
      await expect(page.getByRole('button', { name: '导入抓包' })).toBeVisible();
      expect(await english(page, bar)).toEqual([]);
      await page
        .getByTestId('import-capture-input')
        .setInputFiles('src/capture/testing/fixtures/libcoap-session.pcap');
      const banner = page.getByTestId('capture-banner');
      await expect(banner).toContainText('已导入抓包：libcoap-session.pcap（pcap）');
      await expect(banner).toContainText('179 个 CoAP 数据报');
      expect(await english(page, '[data-testid="capture-banner"]')).toEqual([]);
      expect(await english(page, bar)).toEqual([]);
      expect(await english(page, HEADER)).toEqual([]);
    });
  });
}

test.describe('the page’s language', () => {
  test('a first visit with the browser in Chinese opens in Chinese, the welcome too', async ({
    browser,
  }) => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('CoAP 网关演练场');
    await expect(page.getByRole('dialog', { name: '欢迎：三种入门方式' })).toBeVisible();
    await context.close();
  });

  test('lang=en overrides a Chinese browser', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto('/?lang=en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('CoAP Gateway Playground');
    await expect(page.getByRole('form', { name: 'Compose a CoAP request' })).toBeVisible();
    await context.close();
  });

  test('the header switch writes lang=, keeps a half-typed path, and a reload keeps the language', async ({
    page,
  }) => {
    await returning(page);
    await page.goto('/?lang=en');
    const path = page
      .getByRole('form', { name: 'Compose a CoAP request' })
      .getByRole('combobox', { name: 'Path' });
    await path.fill('ps/half/typ');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await expect(page).toHaveURL(/[?&]lang=zh-CN/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('CoAP 网关演练场');
    await expect(composer(page).getByRole('combobox', { name: '路径' })).toHaveValue('ps/half/typ');
    expect(await english(page, HEADER)).toEqual([]);
    expect(await english(page, COMPOSER)).toEqual([]);

    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('CoAP 网关演练场');
    // Without lang= the last choice is kept.
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('CoAP 网关演练场');

    // And back: the shell and the composer read English again.
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    await expect(page).toHaveURL(/[?&]lang=en/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('CoAP Gateway Playground');
    await expect(page.getByRole('form', { name: 'Compose a CoAP request' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Presets from the document' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Share' })).toBeVisible();
  });

  test('the Share link carries lang=', async ({ page }) => {
    await returning(page);
    await page.goto('/?lang=en');
    await page.getByRole('button', { name: 'Share' }).click();
    await expect(page.getByRole('textbox', { name: 'Scenario link' })).toHaveValue(/[?&]lang=en/);
    await page.getByRole('button', { name: 'Share' }).click();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.getByRole('button', { name: '分享' }).click();
    await expect(page.getByRole('textbox', { name: '场景链接' })).toHaveValue(/[?&]lang=zh-CN/);
  });
});
