import type { Page } from '@playwright/test';

/**
 * Opens the page as a returning visitor: the first visit's welcome (src/ui/welcome) was
 * dismissed, so it does not cover the panels a test drives. e2e/first-run.spec.ts tests it.
 */
export async function skipWelcome(page: Page): Promise<void> {
  await page.addInitScript(() => localStorage.setItem('coap-playground-welcome', 'dismissed'));
}
