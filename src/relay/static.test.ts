// The relay serves dist/ at `/`; the app's URLs are relative (vite.config.ts base './'), so a page
// address under another path is redirected to `/` rather than served with assets that 404.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticHandler } from './static.ts';

const root = mkdtempSync(join(tmpdir(), 'static-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<script src="./assets/app.js"></script>');
writeFileSync(join(root, 'assets', 'app.js'), 'ok');
const serve = staticHandler(root);
const server = createServer((req, res) => void serve(req, res));
let base = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the relay serving dist/', () => {
  it('serves index.html at / (with its query) and the relative assets under it', async () => {
    const page = await fetch(`${base}/?connection_required=true`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('./assets/app.js');
    const asset = await fetch(`${base}/assets/app.js`);
    expect(await asset.text()).toBe('ok');
  });

  it('sends another page path to /, query kept; a missing file is 404', async () => {
    const r = await fetch(`${base}/some/deep/path?heartbeat=60s`, { redirect: 'manual' });
    expect(r.status).toBe(302);
    expect(r.headers.get('location')).toBe('/?heartbeat=60s');
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
  });
});
