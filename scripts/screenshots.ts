// `npm run screenshots`: the README's pictures. Starts the relay with the built app on free
// ports, drives a small scenario through the page's test hook, and saves docs/*.png.
import { launchChromium } from './chromium';
import type { Page } from 'playwright-core';
import { startRelay } from '../src/relay/server';
import type { Intent } from '../src/worker/api';

const relay = await startRelay({ port: 0, coapPort: 0, staticDir: 'dist' });
const browser = await launchChromium();

async function dispatch(page: Page, intent: Intent) {
  await page.evaluate(
    (i) =>
      (
        window as unknown as { __playground: { dispatch: (i: Intent) => Promise<unknown> } }
      ).__playground.dispatch(i),
    intent,
  );
}

/**
 * A panel's picture, whole: its column scrolls on its own, so the viewport is made tall enough
 * for the column to hold the panel (the page is exactly the viewport's height), then restored.
 */
async function shootPanel(
  page: Page,
  panel: 'traffic' | 'gateway',
  path: string,
  /** What to do once the panel is whole (a hover: the resize moves what is under the mouse). */
  prepare?: () => Promise<void>,
) {
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: size.width, height: 2600 });
  await page.waitForTimeout(300);
  await prepare?.();
  await page.locator(`section[data-panel="${panel}"]`).screenshot({ path });
  await page.setViewportSize(size);
}

async function scenario(page: Page) {
  await page.waitForFunction(() => '__playground' in window);
  const enc = (s: string) => Array.from(new TextEncoder().encode(s));
  await dispatch(page, { type: 'clock-rate', rate: 0 });
  await dispatch(page, { type: 'add-coap-client', name: 'sensor' });
  await dispatch(page, { type: 'add-coap-client', name: 'lamp' });
  await dispatch(page, { type: 'add-mqtt-client', clientId: 'dashboard' });
  await dispatch(page, {
    type: 'mqtt-subscribe',
    client: 'dashboard',
    filter: 'coap/#',
    options: { qos: 1 },
  });
  for (const [name, id] of [
    ['sensor', 'sensor-1'],
    ['lamp', 'lamp-7'],
  ]) {
    await dispatch(page, {
      type: 'send',
      client: name,
      spec: {
        method: 'POST',
        confirmable: true,
        path: `mqtt/connection?clientid=${id}&username=admin&password=public`,
      },
    });
  }
  await dispatch(page, { type: 'clock-advance', ms: 50 });
  // The tokens the gateway issued, as the Connections panel shows them.
  const token = (clientId: string) =>
    page
      .getByTestId('channel-card')
      // By text, not by heading role: on a narrow page the Gateway view is hidden.
      .filter({ has: page.getByText(clientId, { exact: true }) })
      .getByTestId('channel-token')
      .textContent({ timeout: 5000 });
  const lampToken = await token('lamp-7');
  const sensorToken = await token('sensor-1');
  await dispatch(page, {
    type: 'send',
    client: 'lamp',
    spec: {
      method: 'GET',
      confirmable: true,
      path: `ps/coap/lamp-7/set?clientid=lamp-7&token=${lampToken}`,
      observe: 0,
      token: new Uint8Array(enc('obs')),
    },
  });
  await dispatch(page, { type: 'clock-advance', ms: 1200 });
  await dispatch(page, {
    type: 'mqtt-publish',
    client: 'dashboard',
    topic: 'coap/lamp-7/set',
    payload: new Uint8Array(enc('{"on":true}')),
    qos: 1,
    retain: false,
  });
  await dispatch(page, { type: 'clock-advance', ms: 900 });
  await dispatch(page, {
    type: 'send',
    client: 'sensor',
    spec: {
      method: 'POST',
      confirmable: false,
      path: `ps/coap/sensor-1/temp?clientid=sensor-1&token=${sensorToken}&qos=1`,
      payload: new Uint8Array(enc('21.5')),
    },
  });
  await dispatch(page, { type: 'clock-advance', ms: 700 });
  await dispatch(page, {
    type: 'send',
    client: 'sensor',
    spec: {
      method: 'PUT',
      confirmable: true,
      path: `mqtt/connection?clientid=sensor-1&token=${sensorToken}`,
    },
  });
  await dispatch(page, { type: 'clock-advance', ms: 4000 });
  await page.waitForTimeout(800);
}

for (const theme of ['light', 'dark'] as const) {
  const page = await browser.newPage({
    viewport: { width: 1600, height: 1000 },
    colorScheme: theme,
  });
  await page.goto(`${relay.url}/?connection_required=true&users=admin:public&seed=7&testhooks`);
  await scenario(page);
  await page.screenshot({ path: `docs/playground-${theme}.png` });
  if (theme === 'light') {
    await page.getByRole('tab', { name: 'Sequence' }).click();
    await page.waitForTimeout(400);
    await shootPanel(page, 'traffic', 'docs/sequence-light.png');
    await page.getByRole('tab', { name: 'Topics' }).click();
    await page.waitForTimeout(400);
    await shootPanel(page, 'gateway', 'docs/topics-light.png');
  }
  // The decode panel: libcoap's connect, its second Uri-Path pointed at.
  await page.getByRole('tab', { name: 'Decode hex' }).click();
  await page.getByRole('button', { name: 'libcoap connect' }).click();
  await shootPanel(page, 'traffic', `docs/decode-${theme}.png`, () =>
    page.locator('[data-field="option-1"]').hover(),
  );
  await page.close();
}
// Lessons, side by side and a lossy link (issue 6): a lesson half done, with its explanations.
{
  const page = await browser.newPage({
    viewport: { width: 1600, height: 1100 },
    colorScheme: 'light',
  });
  await page.goto(`${relay.url}/?seed=7&testhooks`);
  await page.waitForFunction(() => '__playground' in window);
  const gateway = page.locator('section[aria-labelledby="gateway-title"]');
  const traffic = page.locator('section[aria-labelledby="traffic-title"]');
  const lessons = page.getByTestId('lessons');
  const doIt = () => lessons.getByRole('button', { name: /^Do it for me/ }).click();
  await gateway.getByRole('tab', { name: 'Lessons' }).click();
  await lessons.getByLabel('Lesson').selectOption({ label: '7. A lossy link and retransmission' });
  await lessons.getByRole('button', { name: 'Start lesson' }).click();
  await page.getByTestId('coap-client-device').waitFor();
  for (let i = 0; i < 3; i++) {
    await doIt();
    await lessons
      .getByTestId('lesson-step')
      .nth(i)
      .and(page.locator('[data-state="done"]'))
      .waitFor();
  }
  await traffic.getByRole('tab', { name: 'Sequence' }).click();
  await page.waitForTimeout(600);
  await shootPanel(page, 'gateway', 'docs/lessons-light.png');
  await shootPanel(page, 'traffic', 'docs/lossy-sequence-light.png');
  await traffic.getByRole('tab', { name: 'Side by side' }).click();
  await page.getByRole('button', { name: 'Run side by side' }).click();
  await page.getByTestId('compare-row').first().waitFor();
  await page.waitForTimeout(300);
  await shootPanel(page, 'traffic', 'docs/side-by-side-light.png');
  await page.close();
}

// Captures: the libcoap session imported into the packet views, its first packet open.
{
  const page = await browser.newPage({
    viewport: { width: 1600, height: 1000 },
    colorScheme: 'light',
  });
  await page.goto(`${relay.url}/?seed=7&testhooks`);
  await scenario(page);
  await page.getByRole('button', { name: 'Share' }).click();
  await page.getByRole('dialog', { name: 'Share a scenario' }).waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({
    path: 'docs/share-light.png',
    clip: { x: 700, y: 0, width: 900, height: 420 },
  });
  await page.getByRole('button', { name: 'Share' }).click();
  await page
    .getByTestId('import-capture-input')
    .setInputFiles('src/capture/testing/fixtures/libcoap-session.pcap');
  await page.getByTestId('capture-banner').waitFor();
  await page.getByTestId('packet-log').focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(500);
  await shootPanel(page, 'traffic', 'docs/capture-light.png');
  await page.close();
}
// The layout at each size (issue 26): after the scenario, a preset sent from the composer, as a
// learner sees it in the viewport (not the full page: what is below the fold is the point).
const LAYOUT_SIZES = [
  { name: '1440', width: 1440, height: 900, themes: ['light', 'dark'] },
  { name: '1280', width: 1280, height: 720, themes: ['light', 'dark'] },
  { name: '1024', width: 1024, height: 768, themes: ['light'] },
  { name: '390', width: 390, height: 844, themes: ['light', 'dark'] },
] as const;
for (const size of LAYOUT_SIZES) {
  for (const theme of size.themes) {
    const page = await browser.newPage({
      viewport: { width: size.width, height: size.height },
      colorScheme: theme,
    });
    await page.goto(`${relay.url}/?connection_required=true&users=admin:public&seed=7&testhooks`);
    await scenario(page);
    await dispatch(page, { type: 'add-coap-client', name: 'device' });
    const composer = page.getByRole('form', { name: 'Compose a CoAP request' });
    await composer.getByLabel('From client').selectOption('device');
    await composer.getByRole('button', { name: 'Connect', exact: true }).click();
    await composer.getByRole('button', { name: /^Send/ }).click();
    await dispatch(page, { type: 'clock-advance', ms: 50 });
    await page.waitForTimeout(600);
    await page.screenshot({ path: `docs/layout-${size.name}-${theme}.png` });
    // The narrow page's other views, behind its switcher.
    if (size.width < 1100 && theme === 'light') {
      for (const view of ['Traffic', 'Gateway']) {
        await page
          .getByRole('tablist', { name: 'Page view' })
          .getByRole('tab', { name: view })
          .click();
        await page.waitForTimeout(400);
        await page.screenshot({
          path: `docs/layout-${size.name}-${view.toLowerCase()}-${theme}.png`,
        });
      }
    }
    await page.close();
  }
}
// 简体中文 (issue 28): the same scenario with `lang=zh-CN`, the README's 中文 section. Tabs are
// found by their ids (`…-tab-<view>`), not their names, which are Chinese here.
const tab = (page: Page, view: string) => page.locator(`[role="tab"][id$="-tab-${view}"]`);
for (const theme of ['light', 'dark'] as const) {
  const page = await browser.newPage({
    viewport: { width: 1600, height: 1000 },
    colorScheme: theme,
    locale: 'zh-CN',
  });
  await page.goto(
    `${relay.url}/?connection_required=true&users=admin:public&seed=7&testhooks&lang=zh-CN`,
  );
  await scenario(page);
  await page.getByTestId('packet-log').focus();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(500);
  await page.screenshot({ path: `docs/zh-CN-playground-${theme}.png` });
  if (theme === 'light') {
    await tab(page, 'sequence').click();
    await page.waitForTimeout(400);
    await shootPanel(page, 'traffic', 'docs/zh-CN-sequence-light.png');
    await tab(page, 'operator').click();
    await page.waitForTimeout(600);
    await shootPanel(page, 'gateway', 'docs/zh-CN-operator-light.png');
  }
  await page.close();
}
// A first visit from a Chinese browser: no `lang=`, the welcome in Chinese; then lesson 1 begun.
{
  const page = await browser.newPage({
    viewport: { width: 1440, height: 900 },
    colorScheme: 'light',
    locale: 'zh-CN',
  });
  await page.goto(`${relay.url}/`);
  await page.getByRole('dialog').first().waitFor();
  await page.waitForTimeout(400);
  await page.screenshot({ path: 'docs/zh-CN-welcome-light.png' });
  // Lesson 1 rebuilt from the address with two steps done, the third's action run.
  await page.goto(`${relay.url}/?lesson=connection-lifecycle.2&testhooks`);
  const lessons = page.getByTestId('lessons');
  await lessons.locator('[data-testid="lesson-step"][data-state="current"] button').click();
  await lessons.locator('[data-testid="lesson-step"][data-state="done"]').nth(2).waitFor();
  await page.waitForTimeout(400);
  await shootPanel(page, 'gateway', 'docs/zh-CN-lessons-light.png');
  await page.close();
}
{
  const page = await browser.newPage({
    viewport: { width: 390, height: 844 },
    colorScheme: 'light',
  });
  await page.goto(
    `${relay.url}/?connection_required=true&users=admin:public&seed=7&testhooks&lang=zh-CN`,
  );
  await scenario(page);
  await page.waitForTimeout(400);
  await page.screenshot({ path: 'docs/zh-CN-layout-390-light.png' });
  await page.close();
}
await browser.close();
await relay.close();
console.log(
  'saved docs/playground-light.png, docs/playground-dark.png, docs/decode-<theme>.png, docs/sequence-light.png, docs/topics-light.png, docs/lessons-light.png, docs/lossy-sequence-light.png, docs/side-by-side-light.png, docs/capture-light.png, docs/share-light.png and docs/layout-<size>[-<view>]-<theme>.png and docs/zh-CN-*.png',
);
