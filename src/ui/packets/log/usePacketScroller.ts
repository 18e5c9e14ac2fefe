import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import { flushSync } from 'react-dom';
import { useViews } from '../../state/views';
import type { PacketRow } from '../packet-index';
import { LogScroller, SETTLE_MS, renderedRows } from './scroller';
import type { LogRows } from './useLogRows';

interface Input {
  rows: LogRows;
  selectedRow: PacketRow | undefined;
  /** Changes when the filters change: the grid then shows the selected packet, or the newest. */
  filterKey: string;
  onSelect: (row: PacketRow) => void;
}

/**
 * The packet grid's scrolling: the LogScroller model fed from the scroller element's events and
 * the new rows' effects, and the state the grid renders from (the first row in view, whether it
 * follows the newest, whether a fling draws the rows light). Refs and the model are written only
 * in effects and event handlers; render reads state.
 */
export function usePacketScroller({ rows, selectedRow, filterKey, onSelect }: Input) {
  const { view, count } = rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scroller] = useState(() => new LogScroller());
  // Following the newest rows is the model's: scroll events, keys and effects set it, and the grid
  // re-renders when it changes (the Jump to latest button).
  const following = useSyncExternalStore(scroller.subscribe, scroller.isFollowing);
  const setFollow = scroller.follow;
  /**
   * The first row under the viewport, from the last scroll event (rendering follows it). Not
   * followed under a fling: the light form draws the rows itself at each scroll event.
   */
  const [topRow, setTopRow] = useState(0);
  /** While the reader flings: the rows are drawn in their light form. */
  const [light, setLight] = useState(false);
  const [viewport, setViewport] = useState(0);
  const [width, setWidth] = useState(0);
  /** Draws the light form at the scroll position (set by LightCanvas while it shows). */
  const paintRef = useRef<(() => void) | undefined>(undefined);
  const settleRef = useRef<ReturnType<typeof setTimeout>>(undefined);
  const followFrame = useRef<number | undefined>(undefined);
  useEffect(
    () => () => {
      clearTimeout(settleRef.current);
      cancelAnimationFrame(followFrame.current ?? 0);
      // Forgotten with the frame: a remount (StrictMode's, in development) may follow again.
      followFrame.current = undefined;
    },
    [],
  );
  const selectedSeq = selectedRow?.entry.seq;
  const selectedIndex = view.indexOf(selectedRow);

  // The rows laid out in this commit, before the effects below scroll by them.
  useLayoutEffect(() => scroller.setCount(count), [scroller, count]);

  // The grid's size, kept by a ResizeObserver so scrolling never asks for layout. A grid shown
  // again (the narrow page hides the views it does not show) lost its scroll position while
  // hidden, where setting scrollTop does nothing: it goes back to the model's, the newest rows
  // when following, or it would draw the rows of one position at another.
  const shown = useRef(false);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const measure = () => {
      scroller.resize(el.clientHeight);
      setViewport(el.clientHeight);
      setWidth(el.clientWidth);
      if (el.clientHeight === 0) shown.current = false;
      else if (!shown.current) {
        shown.current = true;
        el.scrollTop = scroller.isFollowing() ? scroller.bottom() : scroller.position();
        scroller.scrolledTo(el.scrollTop);
      }
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [scroller]);

  /** Scrolls to `top` as the grid's own move, not the reader's; returns where the browser kept it. */
  const scrollOwn = useCallback(
    (top: number) => {
      const el = scrollRef.current;
      if (!el) return 0;
      el.scrollTop = top;
      const kept = el.scrollTop;
      scroller.scrolledTo(kept);
      paintRef.current?.();
      return kept;
    },
    [scroller],
  );

  const scrollToBottom = useCallback(() => scrollOwn(scroller.bottom()), [scroller, scrollOwn]);

  /** Scrolls the least needed to show row `i`; the keyboard's moves render their rows in full. */
  const reveal = useCallback(
    (i: number) => {
      const el = scrollRef.current;
      if (!el || i < 0) return;
      const to = scroller.revealTop(
        i,
        el.scrollTop,
        scroller.height(() => el.clientHeight),
      );
      if (to !== undefined) scrollOwn(to);
    },
    [scroller, scrollOwn],
  );

  /**
   * Following the newest rows, the grid scrolls to the bottom in the next animation frame, before
   * it paints: setting scrollTop lays the page out, and in the commit that rendered the new rows
   * that is everything the commit changed, every panel under traffic, in one task.
   */
  const followSoon = useCallback(() => {
    if (followFrame.current !== undefined) return;
    followFrame.current = requestAnimationFrame(() => {
      followFrame.current = undefined;
      if (scroller.isFollowing()) scrollToBottom();
    });
  }, [scroller, scrollToBottom]);

  // New rows: keep following the newest, or keep the rows the reader is looking at in place.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    if (scroller.isFollowing()) followSoon();
    else if (rows.dropped > 0) {
      const top = scrollOwn(scroller.anchor(el.scrollTop, rows.dropped));
      // Render the rows now under the viewport in this commit, not a frame later.
      if (!scroller.isLight()) setTopRow(scroller.rowAt(top));
    }
  }, [rows, scroller, followSoon, scrollOwn]);

  // A new filter: show the selected packet if it passes, else the newest.
  const lastFilterKey = useRef(filterKey);
  useLayoutEffect(() => {
    if (lastFilterKey.current === filterKey) return;
    lastFilterKey.current = filterKey;
    if (selectedIndex >= 0 && selectedIndex < count - 1) {
      setFollow(false);
      reveal(selectedIndex);
    } else {
      setFollow(true);
      scrollToBottom();
    }
  }, [filterKey, selectedIndex, count, reveal, scrollToBottom, setFollow]);

  // A packet selected elsewhere (the sequence view, a related-packet link): bring it into view.
  const lastSelected = useRef(selectedSeq);
  useEffect(() => {
    if (lastSelected.current === selectedSeq) return;
    lastSelected.current = selectedSeq;
    if (selectedIndex < 0) return;
    if (selectedIndex < count - 1) setFollow(false);
    reveal(selectedIndex);
  }, [selectedSeq, selectedIndex, count, reveal, setFollow]);

  // A packet another part of the page asked to see (a lesson's "Show the packet"), perhaps
  // before this log was mounted: its row in view, and the log in the page's view.
  const revealPending = useViews((s) => s.revealPending);
  useEffect(() => {
    if (!revealPending || selectedIndex < 0) return;
    useViews.getState().revealed();
    if (selectedIndex < count - 1) setFollow(false);
    reveal(selectedIndex);
    scrollRef.current?.scrollIntoView({ block: 'nearest' });
  }, [revealPending, selectedIndex, count, reveal, setFollow]);

  /** Selects a row from within the grid: the grid has already shown it where it wants it. */
  const select = useCallback(
    (row: PacketRow) => {
      lastSelected.current = row.entry.seq;
      onSelect(row);
    },
    [onSelect],
  );

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const read = scroller.read(
      el.scrollTop,
      performance.now(),
      scroller.height(() => el.clientHeight),
    );
    // Rendered (or drawn) in this event, so the rows are there in the frame that shows the new
    // position: a render scheduled for later drew them a frame late, and a fling showed an empty log.
    flushSync(() => {
      if (!read.light) setTopRow(read.topRow);
      if (read.follow !== undefined) setFollow(read.follow);
      if (read.flung) setLight(true);
    });
    if (read.light) paintRef.current?.();
    if (!read.flung) return;
    clearTimeout(settleRef.current);
    settleRef.current = setTimeout(() => {
      // The rows the fling stopped on, drawn in full.
      const top = scroller.settle();
      setLight(false);
      setTopRow(top);
    }, SETTLE_MS);
  };

  const jumpToLatest = () => {
    setFollow(true);
    scrollToBottom();
  };

  const { start, end } = renderedRows(following, topRow, count, viewport);
  return {
    scrollRef,
    paintRef,
    scroller,
    following,
    light,
    viewport,
    width,
    selectedIndex,
    start,
    end,
    onScroll,
    select,
    setFollow,
    reveal,
    jumpToLatest,
  };
}
