import { describe, expect, it } from 'vitest';
import { HEADER_H, LogScroller, ROW_H, SETTLE_MS, renderedRows } from './scroller';

/** A log of `count` rows in a viewport 416 px tall (the grid's inner height on the page). */
function log(count: number, viewport = 416) {
  const s = new LogScroller();
  s.setCount(count);
  s.resize(viewport);
  return s;
}

const bottomOf = (count: number, viewport = 416) => HEADER_H + count * ROW_H - viewport;

describe('the packet log’s scroller', () => {
  it('follows the newest rows until the reader scrolls up, and again back at the bottom', () => {
    const s = log(100);
    expect(s.isFollowing()).toBe(true);
    // The grid scrolled to the bottom itself, and its scroll event came.
    s.scrolledTo(bottomOf(100));
    expect(s.read(bottomOf(100), 0, 416)).toMatchObject({ own: true, follow: undefined });
    // The reader scrolls up slowly (a wheel notch over 100 ms): no longer following.
    const up = s.read(bottomOf(100) - 100, 100, 416);
    expect(up).toMatchObject({ own: false, flung: false, light: false, follow: false });
    // Back down to within half a row of the bottom: following again.
    expect(s.read(bottomOf(100) - 20, 200, 416).follow).toBe(true);
  });

  it('tells its subscribers when following starts or stops, and only then', () => {
    const s = log(10);
    const seen: boolean[] = [];
    const stop = s.subscribe(() => seen.push(s.isFollowing()));
    s.follow(true);
    s.follow(false);
    s.follow(false);
    s.follow(true);
    stop();
    s.follow(false);
    expect(seen).toEqual([false, true]);
  });

  it('reads its own scroll as its own, even when the event comes after more rows', () => {
    const s = log(100);
    // The grid scrolled to the bottom; the browser kept 4,214 px.
    s.scrolledTo(bottomOf(100));
    s.setCount(110); // a commit added rows before the scroll event came
    const r = s.read(bottomOf(100), 16, 416);
    expect(r.own).toBe(true);
    expect(r.follow).toBeUndefined();
    expect(r.flung).toBe(false);
    // A second event at the same position is the reader's.
    expect(s.read(bottomOf(100), 32, 416).own).toBe(false);
  });

  it('calls 5 px a ms or faster a fling, draws light until it settles, then names the top row', () => {
    const s = log(1000);
    s.follow(false);
    s.read(10_000, 1000, 416);
    // 600 px in one 16 ms frame: a fling.
    const fling = s.read(9_400, 1016, 416);
    expect(fling).toMatchObject({ flung: true, light: true });
    expect(s.isLight()).toBe(true);
    // Slower now, but the fling has not settled: still light.
    const slow = s.read(9_390, 1100, 416);
    expect(slow).toMatchObject({ flung: false, light: true });
    // SETTLE_MS later the grid settles: the rows the fling stopped on are drawn in full.
    expect(SETTLE_MS).toBeGreaterThan(0);
    expect(s.settle()).toBe(Math.floor((9_390 - HEADER_H) / ROW_H));
    expect(s.isLight()).toBe(false);
    expect(s.position()).toBe(9_390);
  });

  it('scrolls the least to reveal a row below the header, and not at all when it shows', () => {
    const s = log(1000);
    // Row 10 spans 490–536 px; the viewport shows 460–876 (the header covers 460–490).
    expect(s.revealTop(10, 460, 416)).toBeUndefined();
    expect(s.revealTop(5, 460, 416)).toBe(5 * ROW_H);
    expect(s.revealTop(20, 460, 416)).toBe(HEADER_H + 21 * ROW_H - 416);
    expect(s.revealTop(-1, 460, 416)).toBeUndefined();
  });

  it('keeps the rows in view in place when rows leave the front', () => {
    const s = log(60);
    expect(s.anchor(600, 5)).toBe(600 - 5 * ROW_H);
    expect(s.anchor(100, 5)).toBe(0);
  });

  it('renders the bottom while following, else the rows from the last top row', () => {
    // Following 100 rows: the newest (row 90 shows in part at the top), whatever the last top row.
    expect(renderedRows(true, 0, 100, 416)).toEqual({ start: 86, end: 100 });
    expect(renderedRows(false, 10, 100, 416)).toEqual({ start: 6, end: 24 });
    expect(renderedRows(false, 0, 0, 416)).toEqual({ start: 0, end: 0 });
  });
});

describe('the packet log’s keys', () => {
  const at = (selectedIndex: number, scrollTop = 0) => ({
    selectedIndex,
    selected: selectedIndex >= 0,
    scrollTop: () => scrollTop,
    height: () => 416,
  });

  it('move from the selected row by one, by a page, or to either end', () => {
    const s = log(100);
    // (416 − 30) / 46 rows fit: 8, less one kept in view.
    expect(s.keyMove('ArrowDown', at(10))).toEqual({ move: 11 });
    expect(s.keyMove('ArrowUp', at(10))).toEqual({ move: 9 });
    expect(s.keyMove('PageDown', at(10))).toEqual({ move: 17 });
    expect(s.keyMove('PageUp', at(10))).toEqual({ move: 3 });
    expect(s.keyMove('Home', at(10))).toEqual({ move: 0 });
    expect(s.keyMove('End', at(10))).toEqual({ move: 99 });
  });

  it('with no row selected, start from the newest when following, else from the rows in view', () => {
    const s = log(100);
    expect(s.keyMove('ArrowUp', at(-1))).toEqual({ move: 99 });
    s.follow(false);
    // Scrolled to 920 px: row 20 is the first whole row under the header; Down selects it.
    expect(s.keyMove('ArrowDown', at(-1, 920))).toEqual({ move: 20 });
  });

  it('open the selected packet on Enter or Space, even one the filters hide; ignore the rest', () => {
    const s = log(100);
    expect(s.keyMove('Enter', at(4))).toBe('open');
    expect(s.keyMove(' ', { ...at(-1), selected: true })).toBe('open');
    expect(s.keyMove('Enter', at(-1))).toBeUndefined();
    expect(s.keyMove('a', at(4))).toBeUndefined();
    // An empty log takes no keys at all.
    expect(log(0).keyMove('End', at(-1))).toBeUndefined();
  });

  it('read the scroll position and the height only when the key needs them', () => {
    const s = log(100);
    s.follow(false);
    let reads = 0;
    const counted = {
      selectedIndex: 3,
      selected: true,
      scrollTop: () => (reads++, 0),
      height: () => (reads++, 416),
    };
    s.keyMove('ArrowDown', counted);
    s.keyMove('Home', counted);
    expect(reads).toBe(0);
    s.keyMove('PageDown', counted);
    expect(reads).toBe(1);
  });
});
