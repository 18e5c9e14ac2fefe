// Layout checks for e2e/layout.spec.ts: what overflows a panel, and whether an element is on
// screen where a user can see it (in the viewport, not under a sticky bar).
import { expect, type Locator, type Page } from '@playwright/test';

export const SIZES = [
  { name: '1440x900', width: 1440, height: 900, wide: true },
  { name: '1280x720', width: 1280, height: 720, wide: true },
  { name: '1024x768', width: 1024, height: 768, wide: false },
  { name: '390x844', width: 390, height: 844, wide: false },
] as const;

/**
 * Everything that sticks out of its panel, shown or not: elements and text whose box crosses
 * the panel's left or right edge (by more than a pixel) without an ancestor inside the panel
 * that clips or scrolls it (a scroller is one element, checked in its turn), each panel's own
 * sideways overflow, the wide page's columns' and the page's own.
 */
export function overflows(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const name = (el: Element) => {
      const id = el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? el.id;
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 50);
      return `<${el.tagName.toLowerCase()}${id ? ` ${id}` : ''}> "${text}"`;
    };
    const clips = (el: Element) => getComputedStyle(el).overflowX !== 'visible';
    const hiddenByClip = (el: Element) => {
      const s = getComputedStyle(el);
      return s.clipPath !== 'none' || (s.clip !== 'auto' && s.clip !== '');
    };
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth)
      out.push(`the page scrolls sideways: ${doc.scrollWidth} > ${window.innerWidth}`);
    for (const col of document.querySelectorAll('main > div')) {
      if (col.clientWidth > 0 && col.scrollWidth > col.clientWidth + 1)
        out.push(`column scrolls sideways: ${col.scrollWidth} > ${col.clientWidth}`);
    }
    for (const panel of document.querySelectorAll<HTMLElement>('section[data-panel]')) {
      const box = panel.getBoundingClientRect();
      if (box.width === 0) continue;
      const where = `panel ${panel.dataset.panel}`;
      if (panel.scrollWidth > panel.clientWidth + 1)
        out.push(`${where} overflows: scrollWidth ${panel.scrollWidth} > ${panel.clientWidth}`);
      // Elements clipped by an ancestor inside the panel are that ancestor's business.
      const free = (el: Element): boolean => {
        for (let a = el.parentElement; a && a !== panel; a = a.parentElement)
          if (clips(a) || hiddenByClip(a)) return false;
        return true;
      };
      const outside = (r: DOMRect) =>
        r.width > 0 && (r.right > box.right + 1 || r.left < box.left - 1);
      for (const el of panel.querySelectorAll('*')) {
        if (el.getClientRects().length === 0 || hiddenByClip(el) || !free(el)) continue;
        const r = el.getBoundingClientRect();
        if (outside(r))
          out.push(
            `${where}: ${name(el)} spans ${r.left | 0}–${r.right | 0}, panel ${box.left | 0}–${box.right | 0}`,
          );
      }
      const walker = document.createTreeWalker(panel, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const parent = n.parentElement;
        if (!n.textContent?.trim() || !parent || parent.getClientRects().length === 0) continue;
        if (clips(parent) || hiddenByClip(parent) || !free(parent)) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        const r = range.getBoundingClientRect();
        if (outside(r))
          out.push(
            `${where}: text "${n.textContent.trim().slice(0, 50)}" spans ${r.left | 0}–${r.right | 0}, panel ${box.left | 0}–${box.right | 0}`,
          );
      }
    }
    return out;
  });
}

/**
 * Asserts that `target` is where a user sees it: inside the viewport, and the element at its
 * centre is it (or inside it), not a sticky bar or switcher drawn over it.
 */
export async function expectOnScreen(target: Locator, what: string): Promise<void> {
  await expect(target, what).toBeVisible();
  const seen = await target.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const x = r.left + Math.min(r.width / 2, 40);
    const y = r.top + r.height / 2;
    // Whole, or for a row wider than a phone (its grid scrolls sideways) its first 200 px.
    const inside =
      r.top >= 0 &&
      r.bottom <= window.innerHeight &&
      r.left >= 0 &&
      r.left + Math.min(r.width, 200) <= window.innerWidth;
    const hit = document.elementFromPoint(x, y);
    return {
      inside,
      top: el.contains(hit),
      box: [r.left, r.top, r.right, r.bottom].map(Math.round),
    };
  });
  expect(seen, `${what}: in the viewport and not covered`).toMatchObject({
    inside: true,
    top: true,
  });
}

/** The view of the narrow page's switcher (Compose, Traffic, Gateway). */
export async function openView(page: Page, view: 'Compose' | 'Traffic' | 'Gateway') {
  const tab = page.getByRole('tablist', { name: 'Page view' }).getByRole('tab', { name: view });
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
}
