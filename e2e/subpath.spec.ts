// `dist/` from any sub-path of a plain static host, with no relay: a small node:http server on
// loopback serves it under /some/sub/path/, and the page still runs the gateway (the worker and
// the lazy chunks load from there), answers a request, and says how to get the relay.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { expect, test } from '@playwright/test';

const PREFIX = '/some/sub/path/';
const DIST = resolve('dist');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

let server: Server;
let base = '';
/** Every path the page asked for, and those answered 404. */
const asked: string[] = [];
const missing: string[] = [];

test.beforeAll(async () => {
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    asked.push(path);
    // Only under the prefix: anything the page asks of the root (a `/assets/…`) is a 404.
    const rel = path.startsWith(PREFIX) ? path.slice(PREFIX.length) || 'index.html' : undefined;
    const file = rel === undefined ? undefined : normalize(join(DIST, rel));
    if (!file || !file.startsWith(DIST + sep)) {
      missing.push(path);
      res.writeHead(404).end('not found');
      return;
    }
    void stat(file).then(
      (info) => {
        res.writeHead(200, {
          'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
          'Content-Length': info.size,
        });
        createReadStream(file).pipe(res);
      },
      () => {
        missing.push(path);
        res.writeHead(404).end('not found');
      },
    );
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise<void>((ok) => server.close(() => ok()));
});

test('dist/ served under /some/sub/path/ by a static server runs the playground', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`${base}${PREFIX}`);

  // No relay here: the header says so, and how to get one.
  const relay = page.getByTestId('relay-status');
  await expect(relay).toHaveAttribute('data-state', 'unavailable', { timeout: 15_000 });
  await relay.getByText('real clients?').click();
  await expect(relay).toContainText('npm install && npm start');
  await relay.getByRole('button', { name: 'Close' }).click();
  await expect(relay.getByText('npm install && npm start')).toBeHidden();

  // The worker runs the gateway: a client sends the composer's request and the log shows the 2.04.
  const composer = page.getByRole('form', { name: 'Compose a CoAP request' });
  const add = composer.getByRole('button', { name: 'Add a client' });
  if (await add.isVisible()) await add.click();
  const send = composer.getByRole('button', { name: /^Send/ });
  await expect(send).toBeEnabled();
  await send.click();
  const log = page.getByTestId('packet-log');
  await expect(
    log
      .getByRole('row')
      .filter({ hasText: /2\.0[45]/ })
      .first(),
  ).toBeVisible();

  // A tab that is not open at first comes in a chunk of its own, from the sub-path too.
  await page.getByRole('tab', { name: 'Sequence' }).click();
  await expect
    .poll(() => asked.some((p) => p.startsWith(`${PREFIX}assets/SequenceView-`)))
    .toBe(true);
  const panel = page.getByRole('tabpanel', { name: 'Sequence' });
  await expect(panel.getByText('Loading the sequence view')).toHaveCount(0);
  await expect(panel).not.toBeEmpty();
  expect(asked.some((p) => p.startsWith(`${PREFIX}assets/world.worker-`))).toBe(true);
  // Only the relay's WebSocket (at the origin's /relay, where `npm start` serves it) is missing.
  expect(missing.filter((p) => p !== '/relay')).toEqual([]);
  expect(errors).toEqual([]);
});
