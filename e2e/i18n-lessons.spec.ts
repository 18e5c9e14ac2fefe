import { expect, test, type Locator, type Page } from '@playwright/test';
import { englishOnPage } from './support/english';
import { drive } from './support/drive';
import { skipWelcome } from './support/welcome';

/**
 * The lessons, the settings and the side-by-side comparison in 简体中文 (issue 28): every lesson
 * opened and every step done, so each instruction, action and explanation is shown; every
 * settings group in each of its states; the comparison before and after a run. No English word
 * may be left outside wire data (translate="no") and the protocol terms of e2e/support/english.ts.
 */

const english = (page: Page, root: string): Promise<string[]> => englishOnPage(page, root);

const tab = (page: Page, id: string) => page.locator(`[role="tab"][id$="-tab-${id}"]`);
const lessons = (page: Page) => page.getByTestId('lessons');
const steps = (page: Page) => lessons(page).getByTestId('lesson-step');
const settings = (page: Page) => page.locator('[role="tabpanel"][id$="-panel-settings"]');

test.beforeEach(async ({ page }) => {
  await skipWelcome(page);
  await page.emulateMedia({ colorScheme: 'light' });
});

test('every lesson and every step of it reads in Chinese, its instructions, actions and explanations', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.goto('/?lang=zh-CN');
  await tab(page, 'lessons').click();
  await expect(lessons(page)).toBeVisible();
  // The list and the first lesson before it starts.
  expect(await english(page, '[data-testid="lessons"]')).toEqual([]);
  const select = lessons(page).locator('select');
  const ids = await select
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(ids).toHaveLength(8);

  for (const id of ids) {
    await select.selectOption(id);
    await lessons(page)
      .getByRole('button', { name: /^(开始课程|重新开始课程)$/ })
      .click();
    const count = await steps(page).count();
    await expect(lessons(page).getByTestId('lesson-progress')).toHaveText(
      `共 ${count} 步，已完成 0 步。`,
    );
    expect(await english(page, '[data-testid="lessons"]'), `${id}, started`).toEqual([]);
    for (let i = 0; i < count; i++) {
      const step = steps(page).nth(i);
      await expect(step, `${id} step ${i + 1}`).toHaveAttribute('data-state', /current|done/);
      // A step with an action shows it while current; the rest the world does by itself.
      const doIt = step.getByRole('button', { name: /^替我完成：/ });
      if ((await step.getAttribute('data-state')) === 'current' && (await doIt.count()) > 0) {
        expect(await english(page, '[data-testid="lessons"]'), `${id} step ${i + 1}`).toEqual([]);
        await doIt.click();
      }
      await expect(step, `${id} step ${i + 1}`).toHaveAttribute('data-state', 'done', {
        timeout: 15_000,
      });
      await expect(step.getByTestId('lesson-explanation')).toBeVisible();
    }
    await expect(lessons(page).getByTestId('lesson-progress')).toHaveText(
      `课程完成：全部 ${count} 步均已完成。`,
    );
    expect(await english(page, '[data-testid="lessons"]'), `${id}, done`).toEqual([]);
  }

  // The same page in English again, from the header's switch.
  await page.locator('header select').selectOption('en');
  await expect(lessons(page).getByRole('button', { name: 'Restart lesson' })).toBeVisible();
  await expect(steps(page).last().getByTestId('lesson-explanation')).toContainText(
    'CLIENT_NOT_RESPONSE',
  );
  await expect(lessons(page).getByTestId('lesson-progress')).toHaveText(
    'Lesson complete: all 4 steps done.',
  );
});

/** Applies what `act` does and waits for the status line to say so. */
async function applied(page: Page, act: () => Promise<unknown>) {
  const status = page.getByTestId('settings-status');
  const before = (await status.textContent()) ?? '';
  await act();
  await expect(status).not.toHaveText(before);
}

test('the settings read in Chinese in every state: profiles, modes, security, block-wise, the broker, a bad value', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto('/?lang=zh-CN&testhooks');
  await tab(page, 'settings').click();
  const root = '[role="tabpanel"][id$="-panel-settings"]';
  await expect(settings(page).getByRole('form', { name: '网关设置' })).toBeVisible();
  expect(await english(page, root), 'as it opens').toEqual([]);

  const form = settings(page);
  const field = (label: string): Locator => form.getByLabel(label, { exact: false });

  await applied(page, () => form.locator('input[name="profile"][value="5.x"]').check());
  expect(await english(page, root), '5.x').toEqual([]);
  await applied(page, () => form.locator('input[name="profile"][value="6.x"]').check());

  await applied(page, () => form.getByRole('switch', { name: '连接模式' }).check());
  await expect(page.getByTestId('settings-status')).toContainText('已应用：');
  expect(await english(page, root), 'connection mode').toEqual([]);

  // A bad value: its error, then a good one applied.
  await field('心跳（秒）').fill('0');
  await expect(form.getByText('请输入 1 到 86400 之间的秒数。')).toBeVisible();
  expect(await english(page, root), 'a bad heartbeat').toEqual([]);
  await applied(page, async () => {
    await field('心跳（秒）').fill('20');
    await field('心跳（秒）').press('Enter');
  });
  await expect(page.getByTestId('heartbeat-derived')).toContainText('每 10 s 检查一次');

  await applied(page, () => field('通知类型').selectOption('con'));
  await applied(page, async () => {
    await field('挂载点').fill('devices/');
    await field('挂载点').press('Enter');
  });
  await applied(page, () => field('安全配置').selectOption('hardened'));
  // Authentication by a users list. A username is data: the remove button says it in its name,
  // where "admin" would read as an English word, so the user gets a name that is not one.
  await applied(page, () => form.locator('input[name="authentication"][value="users"]').check());
  await applied(page, async () => {
    await form.getByLabel('用户名 1').fill('u1');
    await form.getByLabel('密码 1').focus();
  });
  await expect(page.getByTestId('settings-status')).toContainText('已应用：1 个用户。');
  await form.getByRole('button', { name: '添加拒绝规则' }).click();
  await applied(page, async () => {
    await form.getByLabel('第 1 条规则的主题过滤器').fill('a/#');
    await form.getByLabel('第 1 条规则的动作').focus();
  });
  await expect(page.getByTestId('settings-status')).toContainText('已应用：1 条拒绝规则。');
  await field('最大消息体（字节）').fill('8');
  await expect(form.getByText('请输入不小于 16 的整数字节数。')).toBeVisible();
  expect(await english(page, root), 'security, users, deny, a bad body size').toEqual([]);
  await field('最大消息体（字节）').fill('1024');
  await applied(page, () => field('最大消息体（字节）').press('Enter'));
  await applied(page, () => form.getByRole('switch', { name: '分块传输' }).uncheck());
  expect(await english(page, root), 'block-wise off').toEqual([]);

  // A real broker that is not there: the link's states, its counters; the clock warning.
  await applied(page, async () => {
    await field('代理').fill('ws://127.0.0.1:9');
    await form.getByRole('button', { name: '使用', exact: true }).click();
  });
  await expect(page.getByTestId('broker-stats').first()).toBeVisible();
  await expect(form.getByTestId('broker-state')).toHaveAttribute(
    'data-state',
    /reconnecting|connecting/,
  );
  await drive(page, [{ type: 'clock-rate', rate: 0 }]);
  await expect(page.getByRole('alert').filter({ hasText: '时钟已暂停' })).toBeVisible();
  expect(await english(page, root), 'a remote broker').toEqual([]);
  expect(await english(page, 'header [data-testid="broker-state"]'), 'header').toEqual([]);
  expect(await english(page, 'header [role="alert"]'), 'the clock warning').toEqual([]);
  await applied(page, () => form.getByRole('button', { name: '改回内置代理' }).click());
  await applied(page, () => form.getByRole('button', { name: '用这些设置重启世界' }).click());
  expect(await english(page, root), 'restarted').toEqual([]);

  // The status line follows a language switch: it is kept as a message.
  await page.locator('header select').selectOption('en');
  await expect(page.getByTestId('settings-status')).toHaveText(
    'Restarted: a new world with these settings, no clients or channels.',
  );
  await expect(form.getByLabel('Heartbeat (seconds)')).toHaveValue('20');
});

test('side by side reads in Chinese before and after a run, and with a broken script', async ({
  page,
}) => {
  await page.goto('/?lang=zh-CN');
  await tab(page, 'compare').click();
  const root = '[data-testid="side-by-side"]';
  const view = page.getByTestId('side-by-side');
  await expect(view.getByRole('button', { name: '并排运行' })).toBeVisible();
  expect(await english(page, root), 'before a run').toEqual([]);
  await view.getByText('编辑脚本（JSON）').click();
  expect(await english(page, root), 'the script open').toEqual([]);

  await view.getByRole('button', { name: '并排运行' }).click();
  await expect(page.getByTestId('compare-row').first()).toBeVisible();
  await expect(view.getByRole('status')).toContainText('个在两种模式下结果不同');
  await expect(view).toContainText('不同之处：响应');
  expect(await english(page, root), 'after a run').toEqual([]);

  await view
    .getByRole('textbox', { name: '脚本（JSON）' })
    .fill('{"version": 1, "seed": 1, "steps": [{"at": 0, "intent": {"type": "reset"}}]}');
  await view.getByRole('button', { name: '再次运行' }).click();
  await expect(view.getByRole('alert')).toContainText('脚本没有运行。第 1 步："type" 必须是');
  expect(await english(page, root), 'a broken script').toEqual([]);

  await page.goto('/?lang=en');
  await tab(page, 'compare').click();
  await expect(page.getByRole('button', { name: 'Run side by side' })).toBeVisible();
});
