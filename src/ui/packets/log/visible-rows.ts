/**
 * Which rows of a fixed-row-height list to render: pure arithmetic on the scroll position, so a
 * list of 100,000 rows costs the same per frame as one of 100 (no per-row measurements to
 * rebuild when rows are added, as a general-purpose virtualizer does).
 */
export interface RowWindow {
  /** First row to render (inclusive). */
  start: number;
  /** One past the last row to render. */
  end: number;
}

/**
 * Rows `[start, end)` that intersect the viewport, plus `overscan` either side.
 * `offset` is the height above row 0 inside the scrolled element (a sticky header).
 */
export function visibleRows(
  scrollTop: number,
  viewport: number,
  count: number,
  rowHeight: number,
  offset: number,
  overscan: number,
): RowWindow {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const top = Math.max(0, scrollTop - offset);
  const first = Math.floor(top / rowHeight);
  const last = Math.ceil((top + Math.max(0, viewport)) / rowHeight);
  const start = Math.min(count - 1, Math.max(0, first - overscan));
  const end = Math.min(count, Math.max(start + 1, last + overscan));
  return { start, end };
}
