import { describe, expect, it } from 'vitest';
import { visibleRows } from './visible-rows';

describe('visibleRows', () => {
  it('renders the rows under the viewport and the overscan, below a header', () => {
    // 46 px rows under a 30 px header: scrolled 30 + 10 rows down, a 416 px viewport shows rows 10–19.
    expect(visibleRows(30 + 460, 416, 100_000, 46, 30, 4)).toEqual({ start: 6, end: 24 });
  });

  it('starts at the top when not scrolled, and never past the last row', () => {
    expect(visibleRows(0, 416, 100_000, 46, 30, 4)).toEqual({ start: 0, end: 14 });
    expect(visibleRows(0, 416, 3, 46, 30, 4)).toEqual({ start: 0, end: 3 });
  });

  it('renders the newest rows when scrolled to the bottom of a full log', () => {
    const count = 100_000;
    const bottom = 30 + count * 46 - 416;
    const w = visibleRows(bottom, 416, count, 46, 30, 4);
    expect(w.end).toBe(count);
    expect(w.start).toBe(count - Math.ceil((416 - 30) / 46) - 4 - 1);
  });

  it('renders nothing for an empty list and clamps a scroll position past the end', () => {
    expect(visibleRows(500, 416, 0, 46, 30, 4)).toEqual({ start: 0, end: 0 });
    expect(visibleRows(1e9, 416, 10, 46, 30, 4)).toEqual({ start: 9, end: 10 });
  });
});
