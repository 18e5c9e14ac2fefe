import { visibleRows, type RowWindow } from './visible-rows';

/** Row and header heights in px: rows are fixed-height, so virtualization needs no measuring. */
export const ROW_H = 46;
export const HEADER_H = 30;
/** Rows rendered beyond each edge of the viewport. */
export const OVERSCAN = 4;
/**
 * Faster than this (px per ms: 5,000 px/s, over a hundred rows a second) the reader is flinging,
 * not reading: rows are drawn in their light form until the scroll has been slower for SETTLE_MS;
 * the rows it stops on are then drawn in full.
 */
export const FLING_SPEED = 5;
export const SETTLE_MS = 150;

/** What one scroll event means for the grid. */
export interface ScrollReading {
  /** The grid's own scroll (following the newest, revealing a row): it says nothing of the reader. */
  own: boolean;
  /** Fast enough to be a fling: the light form starts, or goes on, and the settle timer restarts. */
  flung: boolean;
  /** The rows are drawn light at this position (a fling now, or one not yet settled). */
  light: boolean;
  /** Whether to follow the newest rows from now on; undefined for the grid's own scroll. */
  follow: boolean | undefined;
  /** The first row under the viewport. */
  topRow: number;
}

/** What a key pressed in the grid does: select the row at `move`, open the selected one, or nothing. */
export type KeyMove = { move: number } | 'open' | undefined;

/** What the grid's keys move from; the scroll position and height are read only when needed. */
export interface KeyContext {
  /** The selected row's position in the log, or -1 (none, or one the filters hide). */
  selectedIndex: number;
  /** Whether a packet is selected at all. */
  selected: boolean;
  scrollTop: () => number;
  height: () => number;
}

/**
 * The packet log's scrolling, without React or the DOM: which row is at the top, whether the log
 * follows the newest rows, and whether the reader is flinging. The grid feeds it what the browser
 * reports (scroll positions, the viewport's height, the row count) from its effects and event
 * handlers, and renders from what it answers; it never asks the browser for layout itself.
 */
export class LogScroller {
  /** Rows in the log as last laid out. */
  private count = 0;
  /** The grid's inner height, from a ResizeObserver (0 until the first report). */
  private viewport = 0;
  /** The scroll position last seen or set. */
  private top = 0;
  private following = true;
  private light = false;
  /** The last scroll event's position and time, and the position this grid itself scrolled to. */
  private last = { top: 0, at: 0, own: -1 };

  setCount(count: number): void {
    this.count = count;
  }

  /** The grid's inner height changed (a ResizeObserver report). */
  resize(viewport: number): void {
    this.viewport = viewport;
  }

  /** The scroll position last seen or set, known without asking the browser for layout. */
  position(): number {
    return this.top;
  }

  private listeners = new Set<() => void>();

  /** Calls `listener` when following starts or stops; returns the unsubscribe. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Whether the log follows the newest rows (it does until the reader scrolls up). */
  isFollowing = (): boolean => this.following;

  /** Sets whether the log follows the newest rows, and tells the subscribers if that changed. */
  follow = (on: boolean): void => {
    if (this.following === on) return;
    this.following = on;
    for (const l of this.listeners) l();
  };

  /** Whether rows are drawn in their light form (a fling not yet settled). */
  isLight(): boolean {
    return this.light;
  }

  /** The viewport's height, or `measure()` before the first ResizeObserver report. */
  height(measure: () => number): number {
    return this.viewport || measure();
  }

  /** The first row under the viewport at scroll position `top`. */
  rowAt(top: number): number {
    return Math.max(0, Math.floor((top - HEADER_H) / ROW_H));
  }

  /** The scrolled height: the header and every row. */
  contentHeight(): number {
    return HEADER_H + this.count * ROW_H;
  }

  /** The scroll position that shows the newest row (the browser clamps it to the content). */
  bottom(): number {
    return this.contentHeight();
  }

  /** Records a scroll position the grid set itself, as the browser kept it. */
  scrolledTo(top: number): void {
    this.top = this.last.own = top;
  }

  /**
   * Where to scroll so row `i` shows below the sticky header, scrolling the least; undefined
   * when it already shows (or there is no such row).
   */
  revealTop(i: number, scrollTop: number, height: number): number | undefined {
    if (i < 0) return undefined;
    const top = HEADER_H + i * ROW_H;
    if (top - HEADER_H < scrollTop) return top - HEADER_H;
    if (top + ROW_H > scrollTop + height) return top + ROW_H - height;
    return undefined;
  }

  /**
   * Reads a scroll event at position `top`, `now` ms (performance.now()). A scroll to the
   * position the grid set itself is its own, even when its event comes a frame later, after a
   * commit added rows under it: read as the reader's, that left the log "scrolled up" and it
   * stopped following.
   */
  read(top: number, now: number, height: number): ScrollReading {
    const last = this.last;
    const own = top === last.own;
    const flung = !own && Math.abs(top - last.top) >= FLING_SPEED * Math.max(1, now - last.at);
    this.last = { top, at: now, own: -1 };
    this.top = top;
    if (flung) this.light = true;
    return {
      own,
      flung,
      light: this.light,
      follow: own ? undefined : this.contentHeight() - top - height < ROW_H / 2,
      topRow: this.rowAt(top),
    };
  }

  /** The fling is over: rows are drawn in full again from the row it stopped on, returned. */
  settle(): number {
    this.light = false;
    return this.rowAt(this.last.top);
  }

  /** Where to scroll so the rows under the viewport stay put after `dropped` rows left the front. */
  anchor(scrollTop: number, dropped: number): number {
    return Math.max(0, scrollTop - dropped * ROW_H);
  }

  /**
   * The grid's keys: arrows, Page Up/Down, Home and End select a row (from the selected one;
   * with none in view, from the newest when following, else from the rows on screen); Enter and
   * Space open the selected packet, even one the filters hide.
   */
  keyMove(key: string, at: KeyContext): KeyMove {
    const count = this.count;
    if (count === 0) return undefined;
    const from = () =>
      at.selectedIndex >= 0
        ? at.selectedIndex
        : this.following
          ? count
          : Math.floor(at.scrollTop() / ROW_H) - 1;
    const page = () => Math.max(1, Math.floor((at.height() - HEADER_H) / ROW_H) - 1);
    switch (key) {
      case 'ArrowDown':
        return { move: from() + 1 };
      case 'ArrowUp':
        return { move: from() - 1 };
      case 'PageDown':
        return { move: from() + page() };
      case 'PageUp':
        return { move: from() - page() };
      case 'Home':
        return { move: 0 };
      case 'End':
        return { move: count - 1 };
      case 'Enter':
      case ' ':
        return at.selected ? 'open' : undefined;
      default:
        return undefined;
    }
  }
}

/**
 * The rows to render, from rendered state only. Following the newest rows, the grid scrolls to
 * the bottom before the next paint, so it renders the bottom rather than the rows under the old
 * position; otherwise the rows from `topRow`, the first row the last scroll event showed.
 */
export function renderedRows(
  following: boolean,
  topRow: number,
  count: number,
  viewport: number,
): RowWindow {
  const scrollTop = following
    ? Math.max(0, HEADER_H + count * ROW_H - viewport)
    : HEADER_H + topRow * ROW_H;
  return visibleRows(scrollTop, viewport, count, ROW_H, HEADER_H, OVERSCAN);
}
