import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { OPT, encode, encodeString, toHex } from '../src/coap/index';
import { skipWelcome } from './support/welcome';

const CONNECT =
  '41 02 1a 36 01 b4 6d 71 74 74 0a 63 6f 6e 6e 65 63 74 69 6f 6e 4c 63 6c 69 65 6e 74 69 64 3d 31 32 33';

const hexInput = (page: Page) => page.getByLabel('CoAP message (hex)');
const row = (page: Page, field: string) => page.locator(`[data-field="${field}"]`);
const byte = (page: Page, offset: number) => page.locator(`[data-offset="${offset}"]`);

/** The offsets of the dump's bytes that are highlighted. */
async function litBytes(page: Page): Promise<number[]> {
  const offsets = await page
    .locator('[data-offset][data-active]')
    .evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-offset'))));
  return offsets.sort((a, b) => a - b);
}

/** The decode panel sits under the Traffic panel's "Decode hex" tab. */
const openDecodeTab = (page: Page) => page.getByRole('tab', { name: 'Decode hex' }).click();

test.beforeEach(async ({ page }) => {
  await skipWelcome(page);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await openDecodeTab(page);
});

test('decodes pasted hex into code, Uri-Path segments and query', async ({ page }) => {
  await expect(page).toHaveTitle('CoAP Gateway Playground');
  await hexInput(page).fill('');
  await expect(page.getByText('Paste some hex, or load one of the examples.')).toBeVisible();
  await hexInput(page).fill(CONNECT.replace(/ /g, ':'));

  await expect(row(page, 'code')).toContainText('0.02 POST');
  await expect(row(page, 'type')).toContainText('CON');
  await expect(row(page, 'message-id')).toContainText('6710');
  await expect(row(page, 'message-id')).toContainText('0x1a36');
  await expect(row(page, 'token')).toContainText('0x01');
  await expect(row(page, 'option-0')).toContainText('Uri-Path');
  await expect(row(page, 'option-0')).toContainText('mqtt');
  await expect(row(page, 'option-1')).toContainText('connection');
  await expect(row(page, 'option-2')).toContainText('Uri-Query');
  await expect(row(page, 'option-2')).toContainText('clientid=123');
  await expect(page.getByTestId('request-uri')).toHaveText(
    'coap://127.0.0.1/mqtt/connection?clientid=123',
  );
});

test('links a tree row and its bytes, by mouse and by keyboard', async ({ page }) => {
  await expect(row(page, 'option-1')).toContainText('connection');

  // "connection" is option head byte 0x0a at offset 10 and ten value bytes.
  await row(page, 'option-1').hover();
  await expect(row(page, 'option-1')).toHaveAttribute('data-active', 'true');
  expect(await litBytes(page)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);

  // Hovering a byte lights the row that holds it.
  await byte(page, 3).hover();
  await expect(row(page, 'message-id')).toHaveAttribute('data-active', 'true');
  await expect(row(page, 'option-1')).not.toHaveAttribute('data-active');
  expect(await litBytes(page)).toEqual([2, 3]);

  // Keyboard focus does what hover does.
  await page.mouse.move(0, 0);
  await row(page, 'token').focus();
  await expect(row(page, 'token')).toBeFocused();
  expect(await litBytes(page)).toEqual([4]);
  await page.keyboard.press('Tab');
  await expect(row(page, 'option-0')).toBeFocused();
  expect(await litBytes(page)).toEqual([5, 6, 7, 8, 9]);
});

test('a malformed packet shows the reason, rule and offset, and marks the byte', async ({
  page,
}) => {
  await page.getByRole('button', { name: 'malformed (token length 9)' }).click();
  const error = page.getByTestId('decode-error');
  await expect(error).toContainText('token-length-reserved');
  await expect(error).toContainText('RFC 7252 §3');
  await expect(error).toContainText('at byte 0');
  await expect(page.locator('[aria-labelledby="decode-title"] [aria-live="polite"]')).toContainText(
    'token-length-reserved',
  );
  await expect(page.locator('[data-offset][data-error]')).toHaveCount(1);
  await expect(byte(page, 0)).toHaveAttribute('data-error', 'true');
  await expect(row(page, 'code')).toHaveCount(0);

  // A truncated option points past the last byte: the dump marks the end.
  // An extended-delta nibble (13) with no byte after it: the offset is one past the end.
  await hexInput(page).fill('41 01 00 01 01 d0');
  await expect(error).toContainText('option-delta-truncated');
  await expect(error).toContainText('at byte 6, the end of the 6-byte input');
  await expect(byte(page, 6)).toHaveAttribute('data-error', 'true');
  await expect(byte(page, 6)).toContainText('end of input');

  await hexInput(page).fill('41 0g');
  await expect(page.getByTestId('hex-error')).toContainText("not a hex digit: 'g'");
});

test('the example buttons load their packets', async ({ page }) => {
  await page.getByRole('button', { name: 'observe notification' }).click();
  await expect(row(page, 'code')).toContainText('2.05 Content');
  await expect(row(page, 'token')).toContainText('"obstokeo"');
  await expect(row(page, 'option-0')).toContainText('Observe');
  await expect(row(page, 'option-0')).toContainText('sequence number');
  await expect(page.getByTestId('payload-text')).toHaveText('{"temperature":21.5}');
  await page.getByRole('button', { name: 'libcoap connect' }).click();
  await expect(hexInput(page)).toHaveValue(CONNECT);
});

test('at 1440×900 and 1920×1080 the decoded fields and the bytes do not overlap, and each field has room', async ({
  page,
}) => {
  for (const [width, height] of [
    [1440, 900],
    [1920, 1080],
  ]) {
    await page.setViewportSize({ width, height });
    await page.getByRole('button', { name: 'observe notification' }).click();
    const dump = await page.getByRole('region', { name: 'Hex dump' }).boundingBox();
    const tree = await row(page, 'option-0').boundingBox();
    expect(dump && tree).toBeTruthy();
    if (!dump || !tree) return;
    const apart =
      tree.x + tree.width <= dump.x ||
      dump.x + dump.width <= tree.x ||
      tree.y + tree.height <= dump.y ||
      dump.y + dump.height <= tree.y;
    expect(apart, `${width}: tree ${JSON.stringify(tree)} vs dump ${JSON.stringify(dump)}`).toBe(
      true,
    );
    // A column of zero width printed the Observe number one digit per line; a narrow one let a
    // field's label run into its byte range.
    expect(tree.width, `${width}`).toBeGreaterThan(400);
  }
});

test('a payload of HTML shows as literal text and creates no element', async ({ page }) => {
  const html = '<img src=x onerror=alert(1)>';
  const hex = toHex(
    encode({
      type: 'CON',
      code: 0x02,
      messageId: 0x0bad,
      token: Uint8Array.of(0x02),
      options: [
        { number: OPT.UriPath, value: encodeString('ps') },
        { number: OPT.UriPath, value: encodeString('<b>x</b>') },
      ],
      payload: encodeString(html),
    }),
    ' ',
  );
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  const imagesBefore = await page.locator('img').count(); // the header logo

  await hexInput(page).fill(hex);
  await expect(page.getByTestId('payload-text')).toHaveText(html);
  await expect(row(page, 'option-1')).toContainText('<b>x</b>');
  await expect(page.locator('img')).toHaveCount(imagesBefore);
  await expect(page.locator('main img, main b')).toHaveCount(0);
  expect(dialogs).toBe(0);
});

test('the theme toggle switches the dark class and remembers it', async ({ page }) => {
  const html = page.locator('html');
  const toggle = page.getByRole('button', { name: 'Dark theme' });
  await expect(html).not.toHaveClass(/\bdark\b/);
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');

  await toggle.click();
  await expect(html).toHaveClass(/\bdark\b/);
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');

  await page.reload();
  await expect(html).toHaveClass(/\bdark\b/);
  await page.getByRole('button', { name: 'Dark theme' }).press('Enter');
  await expect(html).not.toHaveClass(/\bdark\b/);
});

test('follows prefers-color-scheme until the user chooses', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
});

for (const theme of ['light', 'dark'] as const) {
  test(`has no serious or critical axe violations in the ${theme} theme`, async ({ page }) => {
    test.setTimeout(90_000); // three full axe runs; slow on a busy 2-core machine
    await page.emulateMedia({ colorScheme: theme });
    await page.reload();
    await openDecodeTab(page);
    await expect(row(page, 'code')).toContainText('0.02 POST');
    const check = async () => {
      const { violations } = await new AxeBuilder({ page }).analyze();
      const bad = violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
      expect(bad).toEqual([]);
    };
    await check();
    // A payload, badges and a hovered row have their own colours; so has the error state.
    await page.getByRole('button', { name: 'observe notification' }).click();
    await expect(page.getByTestId('payload-text')).toBeVisible();
    await row(page, 'option-0').hover();
    await check();
    await page.getByRole('button', { name: 'malformed (token length 9)' }).click();
    await expect(page.getByTestId('decode-error')).toBeVisible();
    await check();
  });
}
