import { expect, test, type Locator, type Page } from '@playwright/test';
import { drive, type Step } from './support/drive';
import { WIRE_TERMS } from './support/english';

/**
 * The words said below the page — each datagram's meaning, the "document differs" notes, the
 * gateway's own explanations — are messages the page renders in its language. A session in
 * connection mode (connect, subscribe, publish, an observe notification, a refused request, a
 * disconnect) read in 简体中文, then in English again.
 */

const send = (client: string, spec: Record<string, unknown>): Step => ({
  type: 'send',
  client,
  spec,
});
const log = (page: Page) => page.getByTestId('packet-log');
const meanings = (page: Page) => log(page).getByTestId('packet-meaning');
const rowWith = (page: Page, text: string | RegExp) =>
  log(page)
    .getByRole('row')
    .filter({ has: page.getByTestId('packet-meaning').filter({ hasText: text }) });
const detail = (page: Page) => page.getByTestId('packet-detail');

/** What the gateway sends on the wire and the meanings quote as sent. */
const WIRE_PAYLOADS = ['Invalid token or clientid in connection mode'];

/**
 * The English words of a rendered message that are neither protocol terms nor the parameters it
 * was given (clientids, topics, tokens, payloads: wire data the sentence quotes as sent). A whole
 * meaning line is one message, so it is not marked translate="no" in parts: this reads its text.
 */
function englishIn(text: string, parameters: readonly string[]): string[] {
  let rest = text;
  for (const p of [...parameters, ...WIRE_PAYLOADS].sort((a, b) => b.length - a.length))
    rest = rest.split(p).join(' ');
  const found = new Set<string>();
  // Words with underscores whole: configuration keys (notify_type) are protocol terms.
  for (const w of rest.match(/[A-Za-z][A-Za-z_'’]+/g) ?? []) {
    const word = w.replace(/['’]s?$/, '');
    if (word.length >= 2 && !WIRE_TERMS.has(word)) found.add(word);
  }
  return [...found].sort();
}

async function textsOf(cells: Locator): Promise<string[]> {
  // The meaning cell's title is the meaning alone (the cell also holds the ⚠ marker).
  return cells.evaluateAll((els) => els.map((el) => el.getAttribute('title') ?? ''));
}

/** A token from the 2.01 row of `clientId`'s connect, in whichever language the row reads. */
async function tokenOf(page: Page, clientId: string): Promise<string> {
  const texts = await textsOf(meanings(page));
  for (const t of texts) {
    const m = new RegExp(`${clientId}\\D+?(\\d{3,})`).exec(t);
    if (m && !t.includes('→')) return m[1];
  }
  throw new Error(`no token for ${clientId} in ${texts.join(' | ')}`);
}

test('a connection-mode session reads in Chinese in the log and the detail, and in English again', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/?testhooks&connection_required=true&lang=zh-CN');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await drive(page, [
    { type: 'add-coap-client', name: 'dev' },
    { type: 'add-coap-client', name: 'obs' },
    send('dev', { method: 'POST', confirmable: true, path: 'mqtt/connection?clientid=dev1' }),
    send('obs', { method: 'POST', confirmable: true, path: 'mqtt/connection?clientid=obs1' }),
  ]);
  const devToken = await tokenOf(page, 'dev1');
  const obsToken = await tokenOf(page, 'obs1');
  await drive(page, [
    // A QoS 0 subscription, then a QoS 1 publish: the notification comes as CON (a note says the
    // document promised NON).
    send('obs', {
      method: 'GET',
      confirmable: true,
      path: `ps/coap/test?clientid=obs1&token=${obsToken}&qos=0`,
      observe: 0,
    }),
    send('dev', {
      method: 'POST',
      confirmable: true,
      path: `ps/coap/test?clientid=dev1&token=${devToken}&qos=1`,
      payload: 'hi',
    }),
    // The wrong token: 4.01.
    send('dev', {
      method: 'POST',
      confirmable: true,
      path: 'ps/coap/test?clientid=dev1&token=1',
      payload: 'x',
    }),
    send('dev', {
      method: 'DELETE',
      confirmable: true,
      path: `mqtt/connection?clientid=dev1&token=${devToken}`,
    }),
  ]);
  const sent = ['dev1', 'obs1', 'coap/test', devToken, obsToken];

  // Every meaning in the log is Chinese, but for protocol terms and what was sent.
  const texts = await textsOf(meanings(page));
  expect(texts.length).toBeGreaterThanOrEqual(12);
  expect(texts.filter((t) => !/[\u4e00-\u9fff]/.test(t))).toEqual([]);
  expect(texts.flatMap((t) => englishIn(t, sent))).toEqual([]);
  // The cells show the same words as their titles (the log shows the newest rows).
  await expect(rowWith(page, /^以 obs1 创建连接 → 已颁发令牌$/)).toHaveCount(1);
  await expect(rowWith(page, /^订阅 coap\/test → 已订阅$/)).toHaveCount(1);
  await expect(
    rowWith(page, '4.01“Invalid token or clientid in connection mode”：该 token 不是'),
  ).toHaveCount(1);

  // The observe notification: its meaning and the note in the detail, Chinese.
  await rowWith(page, 'coap/test 上的通知（CON，因为消息的 QoS 为 1）').click();
  const d = detail(page);
  const meaning = d.getByTestId('packet-detail-meaning');
  await expect(meaning).toHaveText('coap/test 上的通知（CON，因为消息的 QoS 为 1）');
  const note = d.getByTestId('document-notes').locator('[data-note="notify-type"]');
  await expect(note).toContainText('qos0 表示该主题上的消息会以 NON 消息进行投递');
  await expect(note).toContainText('这条通知以 CON 发送：所发布消息的 QoS 为 1 且 notify_type=qos');
  expect(englishIn((await meaning.textContent()) ?? '', sent)).toEqual([]);
  const noteText = (await note.locator('p').allTextContents()).slice(0, 2).join(' ');
  // The labels "Document:" and "Gateway:" are the packet panel's own words (another namespace).
  expect(englishIn(noteText, [...sent, 'Document', 'Gateway'])).toEqual([]);

  // The disconnect: the note quotes the Chinese document's return code line.
  await rowWith(page, '已断开连接：通道关闭').click();
  await expect(d.getByTestId('packet-detail-meaning')).toHaveText('已断开连接：通道关闭');
  await expect(d.locator('[data-note="delete-2.02"]')).toContainText('「2.01：关闭连接成功。」');
  await expect(d.locator('[data-note="delete-2.02"]')).toContainText('回复 2.02 Deleted');

  // The log's search reads the meanings in the page's language.
  const search = page.getByRole('search').getByRole('searchbox');
  // Two connects and their two replies say 已颁发令牌.
  await search.fill('已颁发令牌');
  await expect(meanings(page)).toHaveCount(4);
  // English words find nothing in Chinese meanings …
  await search.fill('token issued');
  await expect(meanings(page)).toHaveCount(0);

  // English again: the same journal, said in English, and the search reads it anew: in English
  // the replies say "token … issued", so only the two requests read "token issued".
  await page.locator('select:has(option[value="zh-CN"])').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(meanings(page)).toHaveCount(2);
  await search.fill('');
  await expect(rowWith(page, /^connect as obs1 → token issued$/)).toHaveCount(1);
  await expect(d.getByTestId('packet-detail-meaning')).toHaveText(
    'disconnected: the channel closes',
  );
  await expect(d.locator('[data-note="delete-2.02"]')).toContainText(
    'A disconnect (DELETE mqtt/connection) succeeds with 2.01.',
  );
  await expect(
    rowWith(page, 'notification on coap/test (CON because the message was QoS 1)'),
  ).toHaveCount(1);
});
