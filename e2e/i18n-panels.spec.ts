import { expect, test, type Page } from '@playwright/test';
import { drive, type Step } from './support/drive';
import { englishOnPage } from './support/english';

// The gateway's state panels and the clients in 简体中文: Clients (a CoAP client with its link,
// device and traffic forms and its exchanges; an MQTT client with a subscription and messages),
// Connections (empty in both modes; a connection-mode channel with its keep-alive meter and token;
// a closed channel and its reason), Topics (the tree, retained messages, recent deliveries) and the
// Operator view (clients table, a request and its outcome, a subscription, a kick, the curl boxes,
// the API calls). In each state no English word is left outside wire data (translate="no").
//
// The data is chosen so that only the page's own words are judged: clientids, client names and
// topics (`c1`, `d1`, `t/1`) go into accessible names ("踢出 d1", "取消订阅 t/1"), which cannot be
// marked translate="no", so they hold no English word; a payload ("hello world") is shown only as
// text, where it must be marked as data.

async function open(page: Page, query = ''): Promise<void> {
  await page.goto(`/?lang=zh-CN&testhooks${query ? `&${query}` : ''}`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
}

const dispatch = (page: Page, step: Step): Promise<void> => drive(page, [step]);

/** English words in `root`, outside wire data. */
async function english(page: Page, root: string): Promise<string[]> {
  await expect(page.locator(root).first()).toBeVisible();
  return englishOnPage(page, root);
}

const CLIENTS = '[data-panel="clients"] > div:last-child';
const GATEWAY_TAB = '[data-panel="gateway"] [role="tabpanel"]';

async function gatewayTab(page: Page, name: RegExp): Promise<void> {
  await page.locator('[data-panel="gateway"]').getByRole('tab', { name }).click();
}

test('Clients in zh-CN: the forms, a CoAP client and an MQTT client, every state', async ({
  page,
}) => {
  await open(page);
  const clients = page.locator(CLIENTS);
  await expect(clients).toContainText('CoAP 客户端（0）');
  expect(await english(page, CLIENTS)).toEqual([]);

  // An MQTT client without a clientId: the form says so.
  const form = page.getByRole('form', { name: '添加客户端' });
  await form.getByText('MQTT', { exact: true }).click();
  await form.getByRole('button', { name: '添加' }).click();
  await expect(form.getByRole('status')).toHaveText('MQTT 客户端需要一个 clientId。');
  expect(await english(page, CLIENTS)).toEqual([]);
  await form.getByRole('textbox', { name: 'MQTT 客户端的 clientId' }).fill('m1');
  await form.getByRole('button', { name: '添加' }).click();
  await expect(form.getByRole('status')).toHaveText('已添加 MQTT 客户端 m1。');
  await form.getByText('CoAP', { exact: true }).click();
  await form.getByRole('textbox', { name: 'CoAP 客户端名称（可选）' }).fill('c1');
  await form.getByRole('button', { name: '添加' }).click();
  await expect(form.getByRole('status')).toHaveText('已添加 CoAP 客户端 c1。');
  expect(await english(page, CLIENTS)).toEqual([]);

  // The MQTT client subscribes, and publishes a retained message with an expiry to itself.
  const mqtt = page.getByTestId('mqtt-client-m1');
  await mqtt.getByText('订阅', { exact: true }).first().click();
  await mqtt.getByRole('textbox', { name: '主题过滤器' }).fill('t/#');
  await mqtt.getByRole('button', { name: '订阅', exact: true }).click();
  await expect(mqtt.getByRole('list', { name: '订阅' })).toContainText('t/#');
  await mqtt.locator('summary', { hasText: '发布' }).click();
  const publish = mqtt.getByRole('form', { name: '发布' });
  await publish.getByRole('textbox', { name: '主题', exact: true }).fill('t/1');
  await publish.getByRole('textbox', { name: '超期时间（秒）' }).fill('soon');
  await publish.getByRole('button', { name: '发布' }).click();
  await expect(publish).toContainText('超期时间是整数秒');
  expect(await english(page, CLIENTS)).toEqual([]);
  await publish.getByRole('textbox', { name: '超期时间（秒）' }).fill('60');
  await publish.getByRole('textbox', { name: '消息体（文本）' }).fill('hello world');
  await publish.getByRole('checkbox', { name: 'retain' }).check();
  await publish.getByRole('button', { name: '发布' }).click();
  await expect(mqtt.getByTestId('mqtt-message')).toHaveCount(1);
  await expect(mqtt.getByTestId('mqtt-message')).toContainText('超期时间 60 秒');
  expect(await english(page, CLIENTS)).toEqual([]);

  // The CoAP client: its link (a wrong value, then a lossy link), its device behaviours.
  const coap = page.getByTestId('coap-client-c1');
  await coap.locator('summary', { hasText: '链路状况' }).click();
  await coap.getByRole('spinbutton', { name: '丢包' }).fill('200');
  await coap.getByRole('button', { name: '应用' }).first().click();
  await expect(coap).toContainText('丢包和重复是 0–100 %');
  expect(await english(page, CLIENTS)).toEqual([]);
  await coap.getByRole('spinbutton', { name: '丢包' }).fill('0');
  await coap.getByRole('spinbutton', { name: '延迟', exact: true }).fill('50');
  await coap.getByRole('button', { name: '应用' }).first().click();
  await expect(coap.locator('header')).toContainText('50 ms');

  const device = page.getByTestId('device-c1');
  await device.locator('summary').click();
  await expect(device.locator('summary')).toHaveText('作为设备：原样返回消息体（2.05）');
  for (const [kind, summary] of [
    ['fixed', '作为设备：响应 2.05“on”'],
    ['large', '作为设备：以 64 字节的 Block2 分块响应 2048 字节'],
    ['separate', '作为设备：先回 ACK，3 秒后用单独的 CON 响应'],
    ['silent', '作为设备：不响应'],
  ]) {
    await device.getByLabel('c1 如何响应网关的请求').selectOption(kind);
    await device.getByRole('button', { name: '应用' }).click();
    await expect(device.locator('summary')).toHaveText(summary);
    expect(await english(page, CLIENTS), kind).toEqual([]);
  }

  // Its own traffic, and the exchanges it sent: an observation that got a notification.
  const traffic = page.getByTestId('traffic-c1');
  await traffic.getByRole('checkbox', { name: '心跳' }).check();
  await expect(traffic.getByTestId('traffic-status')).toContainText('已自动发送');
  await traffic.getByRole('checkbox', { name: '心跳' }).uncheck();
  await dispatch(page, {
    type: 'send',
    client: 'c1',
    spec: { method: 'GET', confirmable: true, observe: 0, path: 'ps/t/1' },
  });
  await dispatch(page, { type: 'clock-advance', ms: 500 });
  await dispatch(page, {
    type: 'mqtt-publish',
    client: 'm1',
    topic: 't/1',
    payload: 'hello again',
    qos: 1,
    retain: false,
  });
  await dispatch(page, { type: 'clock-advance', ms: 500 });
  for (let i = 0; i < 5; i++)
    await dispatch(page, {
      type: 'send',
      client: 'c1',
      spec: { method: 'GET', confirmable: false, path: `ps/t/${i}` },
    });
  // A CoAP ping: an empty CON, no token (the test hook takes its bytes as they are).
  const ping = await page.evaluate(() =>
    (
      window as unknown as {
        __playground: { dispatch: (i: unknown) => Promise<{ ok: boolean }> };
      }
    ).__playground.dispatch({
      type: 'send',
      client: 'c1',
      spec: { method: 0, confirmable: true, path: '', token: new Uint8Array(0) },
    }),
  );
  expect(ping.ok).toBe(true);
  await dispatch(page, { type: 'clock-advance', ms: 500 });
  await expect(coap.getByRole('button', { name: /显示全部 \d+ 条/ })).toBeVisible();
  await coap.getByRole('button', { name: /显示全部 \d+ 条/ }).click();
  await expect(coap).toContainText('1 条通知');
  await expect(coap).toContainText('最新通知（');
  await expect(coap).toContainText('CON 探活报文（空消息）');
  expect(await english(page, CLIENTS)).toEqual([]);
});

test('Connections in zh-CN: empty in both modes, a connection-mode channel, a closed one', async ({
  page,
}) => {
  await open(page);
  await gatewayTab(page, /Connections|连接/);
  await expect(page.locator(GATEWAY_TAB)).toContainText('还没有通道');
  expect(await english(page, GATEWAY_TAB)).toEqual([]);

  await open(page, 'connection_required=true&heartbeat=30s');
  await gatewayTab(page, /Connections|连接/);
  await expect(page.locator(GATEWAY_TAB)).toContainText('POST /mqtt/connection?clientid=dev1');
  expect(await english(page, GATEWAY_TAB)).toEqual([]);

  await dispatch(page, { type: 'add-coap-client', name: 'c1' });
  await dispatch(page, {
    type: 'send',
    client: 'c1',
    spec: { method: 'POST', confirmable: true, path: 'mqtt/connection?clientid=d1' },
  });
  await dispatch(page, { type: 'clock-advance', ms: 100 });
  const card = page.getByTestId('channel-card');
  const token = (await card.getByTestId('channel-token').textContent()) as string;
  await dispatch(page, {
    type: 'send',
    client: 'c1',
    spec: {
      method: 'GET',
      confirmable: true,
      observe: 0,
      path: `ps/t/1?clientid=d1&token=${token}`,
    },
  });
  await dispatch(page, { type: 'clock-advance', ms: 100 });
  await expect(card).toContainText('观察中（1）');
  await expect(card).toContainText('每 15 秒检查一次');
  await expect(card.getByTestId('keepalive-countdown')).toContainText('后超时');
  expect(await english(page, GATEWAY_TAB)).toEqual([]);

  // The channel closes (DELETE): recently closed, with its reason in a line.
  await dispatch(page, {
    type: 'send',
    client: 'c1',
    spec: {
      method: 'DELETE',
      confirmable: true,
      path: `mqtt/connection?clientid=d1&token=${token}`,
    },
  });
  await dispatch(page, { type: 'clock-advance', ms: 100 });
  const closed = page.getByTestId('closed-channel');
  await expect(closed).toHaveCount(1);
  await expect(closed).toContainText('已断开连接');
  await expect(closed).toContainText('DELETE /mqtt/connection 关闭了它');
  await closed.locator('summary').click();
  expect(await english(page, GATEWAY_TAB)).toEqual([]);
});

test('Topics in zh-CN: the tree with an observer, a subscriber, a retained message and deliveries', async ({
  page,
}) => {
  await open(page);
  await gatewayTab(page, /Topics|主题/);
  await expect(page.locator(GATEWAY_TAB)).toContainText('还没有订阅或保留消息');
  expect(await english(page, GATEWAY_TAB)).toEqual([]);

  await dispatch(page, { type: 'add-coap-client', name: 'c1' });
  await dispatch(page, { type: 'add-mqtt-client', clientId: 'm1' });
  await dispatch(page, {
    type: 'mqtt-subscribe',
    client: 'm1',
    filter: 't/#',
    options: { qos: 1, nl: false, rh: 0 },
  });
  await dispatch(page, {
    type: 'send',
    client: 'c1',
    spec: { method: 'GET', confirmable: true, observe: 0, path: 'ps/t/1' },
  });
  await dispatch(page, { type: 'clock-advance', ms: 200 });
  await dispatch(page, {
    type: 'send',
    client: 'c1',
    spec: { method: 'POST', confirmable: true, path: 'ps/t/1?retain=true', payload: 'hello world' },
  });
  await dispatch(page, {
    type: 'mqtt-publish',
    client: 'm1',
    topic: 't/2',
    payload: 'good morning',
    qos: 1,
    retain: true,
    expiryInterval: 600,
  });
  await dispatch(page, { type: 'clock-advance', ms: 500 });
  const tab = page.locator(GATEWAY_TAB);
  await expect(tab.getByTestId('coap-observer')).toContainText('CoAP 观察者');
  await expect(tab.getByTestId('retained')).toHaveCount(2);
  await expect(tab.getByTestId('retained').first()).toContainText('永不超期');
  await expect(tab.getByTestId('recent-deliveries')).toContainText('发布到');
  await expect(tab.getByTestId('recent-deliveries')).toContainText('通知，主题');
  await expect(tab.getByTestId('recent-deliveries')).toContainText('收到');
  expect(await english(page, GATEWAY_TAB)).toEqual([]);
});

test('the Operator view in zh-CN: clients, a request, a subscription, a kick, the API calls', async ({
  page,
}) => {
  await open(page);
  await gatewayTab(page, /Operator|运维/);
  const operator = page.getByTestId('operator');
  await expect(operator).toContainText('无连接模式下没有');
  expect(await english(page, '[data-testid="operator"]')).toEqual([]);

  await open(page, 'connection_required=true');
  await dispatch(page, { type: 'add-coap-client', name: 'c1' });
  await gatewayTab(page, /Operator|运维/);
  await expect(operator).toContainText('没有已连接的客户端');
  expect(await english(page, '[data-testid="operator"]')).toEqual([]);

  await dispatch(page, {
    type: 'send',
    client: 'c1',
    spec: { method: 'POST', confirmable: true, path: 'mqtt/connection?clientid=d1' },
  });
  await expect(operator.getByTestId('operator-client')).toHaveCount(1);
  await operator.getByRole('button', { name: '调用 GET …/clients' }).click();
  await operator.getByRole('button', { name: '发送请求' }).click();
  const outcome = operator.getByTestId('operator-outcome');
  await expect(
    outcome.filter({ hasText: '向 d1 发送的请求' }).getByTestId('operator-status'),
  ).toHaveText('HTTP 200');
  await operator.getByLabel('内容类型').selectOption('application/octet-stream');
  await expect(operator).toContainText('按 API 的要求使用 base64');
  // The topic goes into the remove button's name: one with no English word (see the top).
  await operator.getByRole('textbox', { name: '主题' }).fill('t/1');
  await operator.getByRole('button', { name: '订阅', exact: true }).click();
  await expect(operator).toContainText('空令牌（API）');
  expect(await english(page, '[data-testid="operator"]')).toEqual([]);

  await operator.getByRole('button', { name: '删除对 t/1 的订阅' }).click();
  await operator.getByRole('button', { name: '踢出 d1' }).click();
  await expect(outcome.filter({ hasText: '踢出 d1' }).getByTestId('operator-status')).toHaveText(
    'HTTP 204',
  );
  await expect(operator.getByTestId('operator-activity')).toContainText('本视图');
  await expect(outcome.first().locator('code')).toContainText("curl -u 'KEY:SECRET'");
  expect(await english(page, '[data-testid="operator"]')).toEqual([]);
});

test('the header’s switch brings the panels back in English', async ({ page }) => {
  await open(page, 'connection_required=true');
  await dispatch(page, { type: 'add-coap-client', name: 'c1' });
  await expect(page.locator(CLIENTS)).toContainText('CoAP 客户端（1）');
  await page.locator('header select').first().selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator(CLIENTS)).toContainText('CoAP clients (1)');
  await expect(page.getByTestId('device-c1').locator('summary')).toHaveText(
    'As a device: echoes the payload (2.05)',
  );
  await gatewayTab(page, /Connections|连接/);
  await expect(page.locator(GATEWAY_TAB)).toContainText(
    'No channels yet. Send POST /mqtt/connection?clientid=dev1 from the composer to connect and get a token.',
  );
  await gatewayTab(page, /Operator|运维/);
  await expect(page.getByTestId('operator')).toContainText('API calls (curl and this view)');
  await gatewayTab(page, /Topics|主题/);
  await expect(page.locator(GATEWAY_TAB)).toContainText('Topic tree');
});
