// Drives the page's world through its test hook (`?testhooks`, see src/ui/state/playground.tsx),
// which dispatches typed intents to the worker exactly as the composer does.
import { expect, type Page } from '@playwright/test';

/** An intent as JSON; `payload` is text the page turns into bytes. */
export type Step = Record<string, unknown> & { type: string };

/** Dispatches `steps` in order; every one must succeed. */
export async function drive(page: Page, steps: Step[]): Promise<void> {
  await page.waitForFunction(
    () => 'dispatch' in ((window as { __playground?: object }).__playground ?? {}),
  );
  const results = await page.evaluate(async (steps) => {
    const hook = (
      window as unknown as {
        __playground: { dispatch: (i: unknown) => Promise<{ ok: boolean; error?: string }> };
      }
    ).__playground;
    const out: string[] = [];
    for (const step of steps) {
      const intent = structuredClone(step) as Record<string, unknown>;
      const bytes = (text: unknown) => new TextEncoder().encode(String(text));
      if (typeof intent.payload === 'string') intent.payload = bytes(intent.payload);
      const spec = intent.spec as Record<string, unknown> | undefined;
      if (spec && typeof spec.payload === 'string') spec.payload = bytes(spec.payload);
      if (Array.isArray(intent.bytes)) intent.bytes = Uint8Array.from(intent.bytes as number[]);
      const r = await hook.dispatch(intent);
      if (!r.ok) out.push(`${step.type}: ${r.error}`);
    }
    return out;
  }, steps);
  expect(results).toEqual([]);
  // The page renders what the intents did a task or more after they answer (at most every
  // 100 ms, store.ts): wait until the packet count has held for 300 ms, so callers see it all.
  await page.evaluate(async () => {
    const text = () => document.querySelector('[data-testid="packet-count"]')?.textContent ?? '';
    let last = text();
    for (let i = 0, still = 0; i < 50 && still < 3; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const now = text();
      still = now === last ? still + 1 : 0;
      last = now;
    }
  });
}
