import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';

/**
 * A learner's first ten minutes (issue 26): the welcome and its three ways in, the clicks from
 * first load to a connection-mode token, and the regression tests of problems 4, 5, 6, 8 and 10.
 */

const welcome = (page: Page) => page.getByRole('dialog', { name: 'Welcome: three ways in' });
const gateway = (page: Page) => page.locator('section[aria-labelledby="gateway-title"]');
const traffic = (page: Page) => page.locator('section[aria-labelledby="traffic-title"]');
const lessons = (page: Page) => page.getByTestId('lessons');
const steps = (page: Page) => lessons(page).getByTestId('lesson-step');
const composer = (page: Page) => page.getByRole('form', { name: 'Compose a CoAP request' });
const presets = (page: Page) => page.getByRole('region', { name: 'Presets from the document' });
const preset = (page: Page, name: string) =>
  presets(page).getByRole('button', { name, exact: true });
const sendButton = (page: Page) => composer(page).getByRole('button', { name: /^Send/ });
const doIt = (page: Page) => lessons(page).getByRole('button', { name: /^Do it for me/ });
const rows = (page: Page) => page.getByTestId('packet-log').getByRole('row');

/** Counts the user's clicks, so a test can say how many a path takes. */
function clicker() {
  let n = 0;
  return {
    click: async (l: Locator) => {
      n++;
      await l.click();
    },
    get count() {
      return n;
    },
  };
}

/** The welcome dismissed, as for a returning visitor. */
const returning = (page: Page) =>
  page.addInitScript(() => localStorage.setItem('coap-playground-welcome', 'dismissed'));

async function startLesson(page: Page, title: string) {
  await gateway(page).getByRole('tab', { name: 'Lessons' }).click();
  await lessons(page).getByLabel('Lesson').selectOption({ label: title });
  await lessons(page)
    .getByRole('button', { name: /Start lesson|Restart lesson/ })
    .click();
  await expect(lessons(page).getByTestId('lesson-progress')).toHaveText(/^0 of \d steps done\.$/);
}

test.beforeEach(async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
});

test.describe('the first visit', () => {
  test('walks into connection mode: a 2.01 token on screen in two clicks, the welcome gone for good', async ({
    page,
  }) => {
    await page.goto('/');
    await expect(welcome(page)).toBeVisible();
    const user = clicker();
    await user.click(welcome(page).getByRole('button', { name: /Walk through connection mode/ }));
    await expect(welcome(page)).toBeHidden();
    await expect(gateway(page).getByRole('tab', { name: 'Lessons' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await user.click(doIt(page));
    // The token the gateway issued, in the lesson and in the log.
    await expect(steps(page).first()).toHaveAttribute('data-state', 'done');
    await expect(steps(page).first().getByTestId('lesson-packet-meaning')).toContainText(
      /connected as 123: token \d+ issued/,
    );
    await expect(rows(page).filter({ hasText: '2.01' })).toHaveCount(1);
    expect(user.count).toBeLessThanOrEqual(3);
    console.log(`first load → connection-mode 2.01 token (welcome path): ${user.count} clicks`);

    await page.reload();
    await expect(lessons(page).getByTestId('lesson-progress')).toBeVisible();
    await expect(welcome(page)).toHaveCount(0);
  });

  test('from the composer instead: Connect, switch the mode, Send: three clicks to the token', async ({
    page,
  }) => {
    await page.goto('/');
    await expect(welcome(page)).toBeVisible();
    const user = clicker();
    // The welcome does not stand in the way: the composer works beside it.
    await user.click(preset(page, 'Connect'));
    const offer = presets(page).getByTestId('preset-mode-switch');
    await expect(offer).toContainText('the document has this request for connection mode');
    await expect(offer).toContainText('This restarts the world with the other mode');
    await user.click(offer.getByRole('button', { name: 'Switch the gateway to connection mode' }));
    await expect(presets(page).getByRole('radio', { name: 'connection mode' })).toBeChecked();
    await expect(page).toHaveURL(/[?&]connection_required=true(&|$)/);
    await expect(sendButton(page)).toHaveText('Send from device');
    await user.click(sendButton(page));
    await expect(page.getByTestId('send-result')).toContainText(/Response: 2\.01 Created "\d+"/);
    expect(user.count).toBeLessThanOrEqual(3);
    console.log(`first load → connection-mode 2.01 token (composer path): ${user.count} clicks`);
  });

  test('compares both modes at once, and gives the terminal commands for this relay', async ({
    page,
  }) => {
    await page.goto('/');
    await welcome(page)
      .getByRole('button', { name: /Talk to it from a terminal/ })
      .click();
    const commands = welcome(page).getByTestId('welcome-command');
    await expect(commands.first()).toHaveText(
      'coap-client-notls -m get -s 60 coap://127.0.0.1/ps/coap/test',
    );
    await expect(welcome(page).getByRole('button', { name: /^Copy the command/ })).toHaveCount(2);
    await expect(welcome(page)).toContainText('No relay is attached to this page');
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      const axe = await new AxeBuilder({ page }).include('[data-testid="welcome"]').analyze();
      expect(axe.violations, theme).toEqual([]);
    }
    await welcome(page)
      .getByRole('button', { name: /Compare both modes/ })
      .click();
    await expect(welcome(page)).toHaveCount(0);
    await expect(traffic(page).getByRole('tab', { name: 'Side by side' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await expect(page.getByTestId('compare-row').first()).toBeVisible();
  });

  test('does not greet a link with settings, or a visitor who closed it', async ({ page }) => {
    await page.goto('/?connection_required=true');
    await expect(sendButton(page)).toHaveText('Send from device');
    await expect(welcome(page)).toHaveCount(0);
    await page.goto('/');
    await welcome(page).getByRole('button', { name: 'Close' }).click();
    await page.reload();
    await expect(sendButton(page)).toHaveText('Send from device');
    await expect(welcome(page)).toHaveCount(0);
  });
});

test.describe('regressions', () => {
  test.beforeEach(({ page }) => returning(page));

  test('4: a lesson puts its settings and progress in the address, and a reload keeps both', async ({
    page,
  }) => {
    await page.goto('/');
    await startLesson(page, '7. A lossy link and retransmission');
    await expect(page).toHaveURL(/[?&]heartbeat=300s(&|$)/);
    await expect(page).toHaveURL(/[?&]lesson=lossy(&|$)/);
    await startLesson(page, '3. Heartbeat and expiry');
    await expect(page).toHaveURL(/[?&]connection_required=true(&|$)/);
    await doIt(page).click();
    await expect(steps(page).nth(0)).toHaveAttribute('data-state', 'done');
    await doIt(page).click();
    await expect(steps(page).nth(1)).toHaveAttribute('data-state', 'done');
    await expect(page).toHaveURL(/[?&]lesson=heartbeat\.2(&|$)/);
    await expect(page).toHaveURL(/[?&]heartbeat=30s(&|$)/);

    await page.reload();
    await expect(lessons(page).getByTestId('lesson-progress')).toHaveText('2 of 5 steps done.');
    await expect(lessons(page).getByLabel('Lesson')).toHaveValue('heartbeat');
    await expect(steps(page).nth(2)).toHaveAttribute('data-state', 'current');
    await expect(page).toHaveURL(/[?&]lesson=heartbeat\.2(&|$)/);
    await gateway(page).getByRole('tab', { name: 'Settings' }).click();
    await expect(page.getByRole('switch', { name: 'Connection mode' })).toBeChecked();
  });

  test('5: "Show the packet" switches the centre column to Packets and brings the row into view', async ({
    page,
  }) => {
    await page.goto('/');
    await startLesson(page, '1. Connection mode: the lifecycle');
    await doIt(page).click();
    await expect(steps(page).first()).toHaveAttribute('data-state', 'done');
    await traffic(page).getByRole('tab', { name: 'Decode hex' }).click();
    const show = steps(page)
      .first()
      .getByRole('button', { name: /Show the packet \(#\d+\)/ });
    const number = /#(\d+)/.exec((await show.textContent()) ?? '')?.[1];
    await show.click();
    await expect(traffic(page).getByRole('tab', { name: 'Packets' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    const selected = rows(page).and(page.locator('[aria-selected="true"]'));
    await expect(selected).toBeInViewport();
    await expect(selected).toContainText('2.01');
    // The number the lesson gave is the one the log shows, and the detail pane too.
    await expect(selected.getByTestId('packet-number')).toHaveText(`#${number}`);
    await expect(page.getByTestId('packet-detail')).toContainText(`Packet #${number}`);
  });

  test('6: after the session expired the presets send the old token, and lesson 3 takes only that', async ({
    page,
  }) => {
    await page.goto('/');
    await startLesson(page, '3. Heartbeat and expiry');
    for (let i = 0; i < 4; i++) {
      await doIt(page).click();
      await expect(steps(page).nth(i)).toHaveAttribute('data-state', 'done');
    }
    const token = /token (\d+) issued/.exec(
      (await steps(page).first().getByTestId('lesson-packet-meaning').textContent()) ?? '',
    )?.[1];
    expect(token).toBeDefined();

    // An empty token is refused too, but it is not "the old token".
    await preset(page, 'Publish').click();
    await expect(presets(page)).toContainText(
      'The session of clientid 123 ended (keep-alive expired): this is its old token',
    );
    const summary = composer(page).getByTestId('composer-summary');
    await expect(summary).toContainText(`clientid=123&token=${token}`);
    await composer(page).getByRole('textbox', { name: 'token · t', exact: true }).fill('');
    await expect(summary).not.toContainText(`token=${token}`);
    await sendButton(page).click();
    await expect(page.getByTestId('send-result')).toContainText('4.01');
    await expect(steps(page).nth(4)).toHaveAttribute('data-state', 'current');

    await preset(page, 'Publish').click();
    await expect(summary).toContainText(`token=${token}`);
    await sendButton(page).click();
    await expect(steps(page).nth(4)).toHaveAttribute('data-state', 'done');
    // The lesson shows the gateway's words for it, the same as the log row's.
    const said = steps(page).nth(4).getByTestId('lesson-packet-meaning');
    await expect(said).toContainText('clientid 123 has no session');
    const meaning = (await said.locator('span').textContent()) ?? '';
    await expect(rows(page).getByTestId('packet-meaning').filter({ hasText: meaning })).toHaveCount(
      2,
    );
  });

  test('8: an opened shared link stays paused, as Share says; an import says whose clock is shown', async ({
    page,
    context,
  }) => {
    await page.goto('/');
    await preset(page, 'Publish').click();
    await sendButton(page).click();
    await expect(rows(page)).toHaveCount(3); // the header row and two datagrams
    await page.getByRole('button', { name: 'Share' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share a scenario' });
    await expect(dialog).toContainText('pauses the clock there');
    const link = await dialog.getByLabel('Scenario link').inputValue();

    const other = await context.newPage();
    await other.goto(link);
    await expect(other.getByRole('radio', { name: 'Pause' })).toHaveAttribute(
      'aria-checked',
      'true',
    );
    const at = await other.getByTestId('virtual-time').textContent();
    await other.waitForTimeout(1200);
    await expect(other.getByTestId('virtual-time')).toHaveText(at ?? '');
    await other.close();

    await page
      .getByTestId('import-capture-input')
      .setInputFiles('src/capture/testing/fixtures/libcoap-session.pcap');
    const banner = page.getByTestId('capture-banner');
    await expect(banner).toContainText(
      "The live world keeps running behind it at ×1; the clock above shows the capture's time.",
    );
    const header = page.getByRole('group', { name: 'Virtual clock' });
    await expect(header).toContainText('Capture time');
    await expect(header).not.toContainText(/paused/i);
    await expect(page.getByRole('radio', { name: '×1', exact: true })).toHaveAttribute(
      'aria-checked',
      'true',
    );
  });

  test('10: rough text: durations, packet numbers, client names, outlived messages, bad seed', async ({
    page,
  }) => {
    await page.goto('/?seed=abc');
    await expect(page.getByText(/seed=abc is not valid/)).toBeVisible();

    // Connectionless: an observer from "device"; the lists name it so, not its random clientid.
    await preset(page, 'Subscribe').click();
    await sendButton(page).click();
    await preset(page, 'Publish').click();
    await sendButton(page).click();
    await gateway(page).getByRole('tab', { name: 'Topics' }).click();
    await expect(page.getByTestId('coap-observer')).toContainText('device');
    await expect(page.getByTestId('recent-deliveries')).toContainText('notification to device');
    await expect(page.getByTestId('recent-deliveries')).toContainText('CoAP device published');

    // Packet numbers count the datagrams the log holds: GET and its 2.05, POST and its 2.04,
    // the CON notification and its ACK (the journal's sequence numbers run far past 6).
    await expect(rows(page)).toHaveCount(7); // with the header row
    const last = rows(page).last();
    await last.click();
    await expect(last.getByTestId('packet-number')).toHaveText('#6');
    await expect(page.getByTestId('packet-detail')).toContainText('Packet #6');

    // The channel expires at ×1 time: whole or tenth seconds, never 58.975699951171876 s.
    await page.getByRole('button', { name: '+60 s' }).click();
    await gateway(page).getByRole('tab', { name: 'Connections' }).click();
    await expect(gateway(page)).toContainText('Recently closed');
    const text = (await page.locator('body').innerText()) ?? '';
    expect(text).not.toMatch(/\d\.\d{4,} ?s\b/);

    // "Sent from device…" goes with the world it was sent in.
    await expect(page.getByTestId('send-result')).toContainText('Sent from device');
    await startLesson(page, '2. Connectionless mode');
    await expect(page.getByTestId('send-result')).toHaveText('');

    // Side by side's script error goes once the script is changed.
    await traffic(page).getByRole('tab', { name: 'Side by side' }).click();
    await page.getByText('Edit the script (JSON)').click();
    const script = page.getByLabel('Script (JSON)');
    const good = await script.inputValue();
    await script.fill(`${good}oops`);
    await page.getByRole('button', { name: 'Run side by side' }).click();
    await expect(page.getByTestId('side-by-side').getByRole('alert')).toContainText(
      'The script was not run',
    );
    await script.fill(good);
    await expect(page.getByTestId('side-by-side').getByRole('alert')).toHaveCount(0);
  });
});
