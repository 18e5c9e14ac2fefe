import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { skipWelcome } from './support/welcome';

/** Lessons, the side-by-side comparison and lossy links in the sequence view (issue 6). */

const gateway = (page: Page) => page.locator('section[aria-labelledby="gateway-title"]');
const lessons = (page: Page) => page.getByTestId('lessons');
const steps = (page: Page) => lessons(page).getByTestId('lesson-step');
const composer = (page: Page) => page.getByRole('form', { name: 'Compose a CoAP request' });
const presets = (page: Page) => page.getByRole('region', { name: 'Presets from the document' });

async function openLesson(page: Page, title: string) {
  await gateway(page).getByRole('tab', { name: 'Lessons' }).click();
  await lessons(page).getByLabel('Lesson').selectOption({ label: title });
  await lessons(page)
    .getByRole('button', { name: /Start lesson|Restart lesson/ })
    .click();
  // The lesson's world has its client once the reset has arrived.
  await expect(page.getByTestId('coap-client-device')).toBeVisible();
}

const doIt = (page: Page) => lessons(page).getByRole('button', { name: /^Do it for me/ });

test.beforeEach(async ({ page }) => {
  await skipWelcome(page);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
});

test('walks the connection-mode lesson: the connect through the composer, then every step', async ({
  page,
}) => {
  await openLesson(page, '1. Connection mode: the lifecycle');
  await expect(steps(page)).toHaveCount(5);
  await expect(steps(page).first()).toHaveAttribute('data-state', 'current');
  await expect(lessons(page).getByTestId('lesson-progress')).toHaveText('0 of 5 steps done.');

  // Step 1 the learner's way: the composer's Connect preset, sent from "device".
  await expect(presets(page).getByRole('radio', { name: 'connection mode' })).toBeChecked();
  await presets(page).getByRole('button', { name: 'Connect', exact: true }).click();
  await composer(page).getByRole('button', { name: 'Send from device' }).click();
  await expect(steps(page).first()).toHaveAttribute('data-state', 'done');
  await expect(steps(page).first().getByTestId('lesson-explanation')).toContainText('2.01 Created');
  await expect(steps(page).nth(1)).toHaveAttribute('data-state', 'current');

  // The rest with the steps' own buttons, one at a time: each turns done in order.
  for (let i = 1; i < 5; i++) {
    await doIt(page).click();
    await expect(steps(page).nth(i)).toHaveAttribute('data-state', 'done');
  }
  await expect(lessons(page).getByTestId('lesson-progress')).toHaveText(
    'Lesson complete: all 5 steps done.',
  );
  await expect(steps(page).nth(1).getByTestId('lesson-explanation')).toContainText(
    'Missing token or clientid in connection mode',
  );

  // "Show the packet" selects the datagram that proved the step.
  await steps(page)
    .nth(3)
    .getByRole('button', { name: /Show the packet/ })
    .click();
  await expect(page.getByTestId('packet-detail')).toContainText('2.04');
});

test('the lossy lesson sees the link set in the clients panel, the retransmission and the give-up', async ({
  page,
}) => {
  await openLesson(page, '7. A lossy link and retransmission');
  const card = page.getByTestId('coap-client-device');
  await card.getByText('Link conditions').click();
  await card.getByLabel('Loss').fill('100');
  await card.getByRole('button', { name: 'Apply' }).click();
  await expect(steps(page).nth(0)).toHaveAttribute('data-state', 'done');
  await expect(steps(page).nth(1)).toHaveAttribute('data-state', 'current');
  await doIt(page).click(); // a CON publish, then 4 s
  await expect(steps(page).nth(1)).toHaveAttribute('data-state', 'done');
  await expect(steps(page).nth(2)).toHaveAttribute('data-state', 'current');
  await doIt(page).click(); // 100 s later the client has given up
  await expect(steps(page).nth(2)).toHaveAttribute('data-state', 'done');
  await expect(steps(page).nth(2).getByTestId('lesson-explanation')).toContainText(
    'MAX_RETRANSMIT',
  );
  await expect(steps(page).nth(3)).toHaveAttribute('data-state', 'current');
});

test('side by side highlights where connection mode and connectionless differ, and why', async ({
  page,
}) => {
  const traffic = page.locator('section[aria-labelledby="traffic-title"]');
  await traffic.getByRole('tab', { name: 'Side by side' }).click();
  await page.getByRole('button', { name: 'Run side by side' }).click();
  const rows = page.getByTestId('compare-row');
  await expect(rows.first()).toBeVisible();
  const noToken = rows.filter({ hasText: '"no token"' });
  await expect(noToken).toHaveAttribute('data-differs', 'true');
  await expect(noToken.getByRole('cell').nth(0)).toContainText(
    '4.00 “Missing token or clientid in connection mode”',
  );
  await expect(noToken.getByRole('cell').nth(1)).toContainText('2.04');
  await expect(rows.filter({ hasText: '"after disconnect"' })).toHaveAttribute(
    'data-differs',
    'true',
  );
  await expect(rows.filter({ hasText: 'PUT mqtt/connection' })).toHaveAttribute(
    'data-differs',
    'false',
  );
  await expect(page.getByTestId('compare-why').first()).toBeVisible();
  await expect(page.getByTestId('side-by-side')).toContainText('Invalid token or clientid');
  // The playground's own world was not touched.
  await traffic.getByRole('tab', { name: 'Packets' }).click();
  await expect(page.getByTestId('packet-count')).toContainText('0');
});

test('side by side runs an edited script, and says what is wrong with a broken one', async ({
  page,
}) => {
  const traffic = page.locator('section[aria-labelledby="traffic-title"]');
  await traffic.getByRole('tab', { name: 'Side by side' }).click();
  await page.getByText('Edit the script (JSON)').click();
  const box = page.getByRole('textbox', { name: 'Script (JSON)' });
  await box.fill(
    JSON.stringify({
      version: 1,
      seed: 1,
      settings: '',
      steps: [
        { at: 0, intent: { type: 'add-coap-client', name: 'd' } },
        {
          at: 10,
          intent: {
            type: 'send',
            client: 'd',
            spec: { method: 'GET', path: 'ps/x', observe: 0, token: 'ob' },
          },
        },
      ],
    }),
  );
  await page.getByRole('button', { name: 'Run side by side' }).click();
  const rows = page.getByTestId('compare-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toHaveAttribute('data-differs', 'true');
  await expect(rows.nth(1).getByRole('cell').nth(0)).toContainText('4.00');
  await expect(rows.nth(1).getByRole('cell').nth(1)).toContainText('2.05');

  await box.fill('{"version": 1, "seed": 1, "steps": [{"at": 0, "intent": {"type": "reset"}}]}');
  await page.getByRole('button', { name: 'Run again' }).click();
  await expect(page.getByRole('alert')).toContainText(
    'The script was not run. step 1: "type" must be one of',
  );
});

test('the sequence view draws retransmissions and the give-up on a 100%-loss link', async ({
  page,
}) => {
  await openLesson(page, '7. A lossy link and retransmission');
  // Each click waits for the step before it to show done: until then "Do it for me" is still
  // the previous step's button.
  for (const [i, what] of ['100 % loss', 'publish, 4 s', '100 s'].entries()) {
    await expect(steps(page).nth(i), what).toHaveAttribute('data-state', 'current');
    await doIt(page).click();
    await expect(steps(page).nth(i), what).toHaveAttribute('data-state', 'done');
  }
  const traffic = page.locator('section[aria-labelledby="traffic-title"]');
  await traffic.getByRole('tab', { name: 'Sequence' }).click();
  const arrows = page.getByTestId('sequence-arrow');
  await expect(arrows).toHaveCount(5);
  await expect(arrows.nth(1)).toHaveAttribute('aria-label', /Retransmission #1\. It was lost/);
  const marker = page.getByTestId('sequence-marker');
  await expect(marker).toHaveCount(1);
  await expect(marker).toHaveAttribute('data-kind', 'gave-up');
  await expect(marker).toHaveAttribute('aria-label', /gave up on MID \d+ after MAX_RETRANSMIT/);
  await expect(traffic).toContainText('gave up after MAX_RETRANSMIT');
});

for (const theme of ['light', 'dark'] as const) {
  test(`lessons and side by side have no serious or critical axe violations (${theme})`, async ({
    page,
  }) => {
    test.setTimeout(60_000);
    await page.emulateMedia({ colorScheme: theme });
    await page.reload();
    await openLesson(page, '4. QoS → CON or NON notifications');
    await doIt(page).click();
    await expect(steps(page).first()).toHaveAttribute('data-state', 'done');
    const traffic = page.locator('section[aria-labelledby="traffic-title"]');
    await traffic.getByRole('tab', { name: 'Side by side' }).click();
    await page.getByRole('button', { name: 'Run side by side' }).click();
    await expect(page.getByTestId('compare-row').first()).toBeVisible();
    await page.getByText('Edit the script (JSON)').click();
    const { violations } = await new AxeBuilder({ page })
      .include('section[aria-labelledby="gateway-title"]')
      .include('section[aria-labelledby="traffic-title"]')
      .analyze();
    const bad = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    expect(bad).toEqual([]);
  });
}
