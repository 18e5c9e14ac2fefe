/** The stream of datagrams into the page, through its test hook, and what the packet log shows. */
import type { Page } from '@playwright/test';
import { PAGE_JOURNAL_CAPACITY } from '../../src/ui/state/store';
import { CHUNK, RATE } from './options';

export const PER_PUBLISH = 3; // the POST, its NON reply, the NON notification

/** Journal entries the worker skipped rather than send (the page says so above the log). */
export const skipped = (page: Page): Promise<number> =>
  page.evaluate(() => {
    const m = /([\d,]+) journal entr(?:y|ies) skipped/.exec(document.body.innerText);
    return m ? Number(m[1].replace(/,/g, '')) : 0;
  });

/** The number of datagrams the packet log says it holds. */
const logged = (page: Page): Promise<number> =>
  page.evaluate(() => {
    const text = document.querySelector('[data-testid="packet-count"]')?.textContent ?? '0';
    const m = /([\d,]+) packets?$/.exec(text.trim());
    return m ? Number(m[1].replace(/,/g, '')) : 0;
  });

/**
 * Observes `bench/#` and sends `publishes` NON publishes, CHUNK a round trip at RATE a second,
 * with the clock at ×100 meanwhile and paused afterwards (a pause of half a second at ×100 is 50
 * virtual seconds: the channel, and its observation, would expire). Returns the seconds it took.
 */
export async function publish(page: Page, publishes: number, label: string): Promise<number> {
  await page.evaluate(async () => {
    const hook = (
      window as unknown as { __playground: { dispatch: (i: unknown) => Promise<unknown> } }
    ).__playground;
    await hook.dispatch({
      type: 'send',
      client: 'bench',
      spec: { method: 'GET', confirmable: false, path: 'ps/bench/%23', observe: 0 },
    });
    await hook.dispatch({ type: 'clock-rate', rate: 100 });
  });
  const started = Date.now();
  for (let done = 0; done < publishes; done += CHUNK) {
    const n = Math.min(CHUNK, publishes - done);
    // A fixed pace, whatever the page's speed: a faster page must not earn itself more traffic.
    const due = started + (done / RATE) * 1000;
    if (Date.now() < due) await new Promise((r) => setTimeout(r, due - Date.now()));
    const failures = await page.evaluate(async (n) => {
      const hook = (
        window as unknown as {
          __playground: {
            dispatchAll: (i: unknown[]) => Promise<{ ok: boolean; error?: string }[]>;
          };
        }
      ).__playground;
      const payload = new TextEncoder().encode('{"t":21.5}');
      const results = await hook.dispatchAll(
        Array.from({ length: n }, () => ({
          type: 'send',
          client: 'bench',
          spec: { method: 'POST', confirmable: false, path: 'ps/bench/t', payload },
        })),
      );
      return results.filter((r) => !r.ok).map((r) => r.error);
    }, n);
    if (failures.length) throw new Error(`dispatch failed: ${failures[0]}`);
    if ((done / CHUNK) % 10 === 0)
      process.stdout.write(
        `\r${label}: ${(done + n).toLocaleString('en-US')} / ${publishes.toLocaleString('en-US')} publishes, ${((Date.now() - started) / 1000).toFixed(0)} s`,
      );
  }
  await page.evaluate(async () => {
    const hook = (
      window as unknown as { __playground: { dispatch: (i: unknown) => Promise<unknown> } }
    ).__playground;
    await hook.dispatch({ type: 'clock-rate', rate: 0 });
  });
  process.stdout.write('\n');
  return (Date.now() - started) / 1000;
}

/** The packet log's capacity (the page's journal ring): it never shows more rows than this. */
export const LOG_CAPACITY = PAGE_JOURNAL_CAPACITY;

/**
 * Waits (up to 30 s) for the log to show `expected` rows, or as many as it holds, then a little
 * more. (Waiting for more than it holds waited the whole 30 s, counted as filling time.)
 */
export async function settle(page: Page, expected: number): Promise<number> {
  const rows = Math.min(LOG_CAPACITY, expected);
  for (let i = 0; i < 300 && (await logged(page)) < rows; i++) await page.waitForTimeout(100);
  await page.waitForTimeout(500);
  return logged(page);
}
