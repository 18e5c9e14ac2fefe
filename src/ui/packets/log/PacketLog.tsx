import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent, RefObject } from 'react';
import { flushSync } from 'react-dom';
import { formatTime } from '../../layout/format';
import { usePlayground } from '../../state/store';
import { CODE_CLASS, DivergenceMarker, FateBadge, TYPE_CLASS } from '../detail/badges';
import { PacketView, usePacketFilter } from './filters';
import { PacketDetail } from '../detail/PacketDetail';
import { PacketFilters } from './PacketFilters';
import type { PacketRow } from '../packet-index';
import { methodOf } from '../request-info';
import { lightLines, lightRange } from './light-rows';
import { packetIndex, useJournalVersion } from '../packets-store';
import { visibleRows } from './visible-rows';

/** Row and header heights in px: rows are fixed-height, so virtualization needs no measuring. */
const ROW_H = 46;
const HEADER_H = 30;
/** Where the light form's text starts: the rows' left padding. */
const LIGHT_X = 12;
/** Rows rendered beyond each edge of the viewport. */
const OVERSCAN = 4;
/**
 * Faster than this (px per ms: 5,000 px/s, over a hundred rows a second) the reader is flinging,
 * not reading: rows are drawn in their light form (plain text on a canvas, instead of a dozen
 * styled cells a row) until the scroll has been slower for SETTLE_MS; the rows it stops on are
 * then drawn in full.
 */
const FLING_SPEED = 5;
const SETTLE_MS = 150;
/**
 * Time · direction · peer · type · MID · token · code and path (flexible) · length; the meaning
 * and the fate take line 2, under the peer.
 */
const COLUMNS =
  'grid grid-cols-[5.75rem_1rem_minmax(4rem,6.5rem)_2.5rem_2.75rem_4.25rem_minmax(0,1fr)_2.5rem] gap-x-1.5';

const rowId = (seq: number) => `packet-row-${seq}`;

/**
 * The grid's frame: the rounded border, and the focus ring when the grid has the focus. Its 3 px
 * of padding keep the square scroller inside the border's rounded corners (radius 8 px).
 */
const FRAME =
  'rounded-lg border border-slate-200 bg-white p-[3px] dark:border-slate-700 dark:bg-slate-900 has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-sky-600 dark:has-focus-visible:outline-sky-400';

/**
 * Every datagram in and out of the gateway, newest last: a virtualized grid (100,000 rows stay
 * smooth), filters, keyboard selection, and the selected packet's detail below. Scrolling
 * re-renders only the grid (`PacketGrid`); the filters and the detail pane are memoized.
 */
export function PacketLog() {
  const version = useJournalVersion();
  const filter = usePacketFilter((s) => s.filter);
  const selectedSeq = usePlayground((s) => s.selectedPacket);
  const selectPacket = usePlayground((s) => s.selectPacket);
  const detailRef = useRef<HTMLElement>(null);
  const [view] = useState(() => new PacketView());
  /** Rows that left the front of the view since the grid last laid out (they shift it up). */
  const droppedRef = useRef(0);

  view.refresh(packetIndex, filter);
  droppedRef.current += view.dropped;
  view.dropped = 0;
  const count = view.length;
  const total = packetIndex.rows.length;
  const selectedRow = selectedSeq !== undefined ? packetIndex.bySeq(selectedSeq) : undefined;

  const select = useCallback((row: PacketRow) => selectPacket(row.entry.seq), [selectPacket]);
  const openDetail = useCallback(() => {
    detailRef.current?.focus();
    detailRef.current?.scrollIntoView({ block: 'nearest' });
  }, []);

  return (
    <div className="space-y-3">
      <PacketFilters shown={count} total={total} />
      {/* Mounted while the log is still empty: the first datagram then adds rows to a laid-out
          grid, rather than mount it in the task that renders that datagram everywhere. */}
      <PacketGrid
        view={view}
        version={version}
        count={count}
        empty={total === 0}
        filterKey={JSON.stringify(filter)}
        selectedRow={selectedRow}
        droppedRef={droppedRef}
        onSelect={select}
        onOpen={openDetail}
      />
      <PacketDetail
        row={selectedRow}
        meaning={selectedRow?.meaning}
        ref={detailRef}
        onSelect={select}
      />
    </div>
  );
}

interface GridProps {
  view: PacketView;
  /** The journal version: new rows (or rows that left) since the last render. */
  version: number;
  count: number;
  /** No datagram yet at all (rather than none that passes the filters). */
  empty: boolean;
  filterKey: string;
  selectedRow: PacketRow | undefined;
  droppedRef: RefObject<number>;
  onSelect: (row: PacketRow) => void;
  /** Enter: show the selected packet's detail. */
  onOpen: () => void;
}

/** The scrolling grid: follows the newest rows unless the reader scrolled up. */
function PacketGrid({
  view,
  version,
  count,
  empty,
  filterKey,
  selectedRow,
  droppedRef,
  onSelect,
  onOpen,
}: GridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const followingRef = useRef(true);
  const [following, setFollowing] = useState(true);
  /** The grid's inner height, kept by a ResizeObserver so scrolling never asks for layout. */
  const viewportRef = useRef(0);
  const countRef = useRef(count);
  countRef.current = count;
  const selectedSeq = selectedRow?.entry.seq;
  const selectedIndex = view.indexOf(selectedRow);

  /**
   * The first row under the viewport, from the last scroll event (rendering follows it). Not
   * followed under a fling: the light form draws the rows itself at each scroll event, and
   * nothing renders.
   */
  const [topRow, setTopRow] = useState(0);
  /** While the reader flings: the rows are drawn in their light form. */
  const [light, setLight] = useState(false);
  const lightRef = useRef(false);
  lightRef.current = light;
  /** Draws the light form at `topRef` (set by LightCanvas while it shows). */
  const paintRef = useRef<(() => void) | undefined>(undefined);
  /** The scroll position last seen or set, known without asking the browser for layout. */
  const topRef = useRef(0);
  /** The last scroll event's position and time, and the position this grid itself scrolled to. */
  const lastScrollRef = useRef({ top: 0, at: 0, own: -1 });
  const settleRef = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(settleRef.current), []);
  const [viewport, setViewport] = useState(0);
  const [width, setWidth] = useState(0);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    viewportRef.current = el.clientHeight;
    setViewport(el.clientHeight);
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => {
      viewportRef.current = el.clientHeight;
      setViewport(el.clientHeight);
      setWidth(el.clientWidth);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const setFollow = useCallback((on: boolean) => {
    if (followingRef.current === on) return;
    followingRef.current = on;
    setFollowing(on);
  }, []);

  /** The row `topRow` is for scroll position `top`. */
  const rowAt = (top: number) => Math.max(0, Math.floor((top - HEADER_H) / ROW_H));

  /** The scrolled height, known without asking the browser for layout. */
  const contentHeight = () => HEADER_H + countRef.current * ROW_H;

  /**
   * Scrolls to `top` without it counting as the reader's fling; returns where it got to (the
   * browser keeps scrollTop within the content).
   */
  const scrollOwn = useCallback((top: number) => {
    const el = scrollRef.current;
    if (!el) return 0;
    el.scrollTop = top;
    topRef.current = lastScrollRef.current.own = el.scrollTop;
    paintRef.current?.();
    return topRef.current;
  }, []);

  const scrollToBottom = useCallback(
    () => scrollOwn(HEADER_H + countRef.current * ROW_H),
    [scrollOwn],
  );

  /** Scrolls the least needed to show row `i` below the sticky header. */
  const reveal = useCallback(
    (i: number) => {
      const el = scrollRef.current;
      if (!el || i < 0) return;
      const top = HEADER_H + i * ROW_H;
      const height = viewportRef.current || el.clientHeight;
      // The keyboard's moves (Page Down, End) are the grid's own: their rows render in full.
      if (top - HEADER_H < el.scrollTop) scrollOwn(top - HEADER_H);
      else if (top + ROW_H > el.scrollTop + height) scrollOwn(top + ROW_H - height);
    },
    [scrollOwn],
  );

  /**
   * Following the newest rows, the grid scrolls to the bottom in the next animation frame, before
   * it paints: setting scrollTop lays the page out, and in the commit that rendered the new rows
   * it laid out everything the commit changed (every panel under traffic) inside that one task.
   */
  const followFrame = useRef<number | undefined>(undefined);
  useEffect(() => () => cancelAnimationFrame(followFrame.current ?? 0), []);
  const followSoon = useCallback(() => {
    if (followFrame.current !== undefined) return;
    followFrame.current = requestAnimationFrame(() => {
      followFrame.current = undefined;
      if (followingRef.current) scrollToBottom();
    });
  }, [scrollToBottom]);

  // New rows: keep following the newest, or keep the rows the reader is looking at in place.
  useLayoutEffect(() => {
    const dropped = droppedRef.current;
    droppedRef.current = 0;
    const el = scrollRef.current;
    if (!el) return;
    if (followingRef.current) followSoon();
    else if (dropped > 0) {
      const top = scrollOwn(Math.max(0, el.scrollTop - dropped * ROW_H));
      // Render the rows now under the viewport in this commit, not a frame later.
      if (!lightRef.current) setTopRow(rowAt(top));
    }
  }, [version, count, followSoon, scrollOwn, droppedRef]);

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

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const height = viewportRef.current || el.clientHeight;
    const top = el.scrollTop;
    const last = lastScrollRef.current;
    const now = performance.now();
    const moved = top - last.top;
    // The grid's own scroll (following the newest, revealing a row) says nothing about where the
    // reader is. Its event comes a frame later, maybe after a commit added rows under it: read as
    // the reader's, that left the log "scrolled up" and it stopped following.
    const own = top === last.own;
    const flung = !own && Math.abs(moved) >= FLING_SPEED * Math.max(1, now - last.at);
    lastScrollRef.current = { top, at: now, own: -1 };
    topRef.current = top;
    const flinging = flung || lightRef.current;
    // Rendered (or drawn) in this event, so the rows are there in the frame that shows the new
    // position (a render scheduled for later drew them a frame late: a fling showed an empty log).
    flushSync(() => {
      if (!flinging) setTopRow(rowAt(top));
      if (!own) setFollow(contentHeight() - top - height < ROW_H / 2);
      if (flung) setLight(true);
    });
    if (flinging) paintRef.current?.();
    if (!flung) return;
    clearTimeout(settleRef.current);
    settleRef.current = setTimeout(() => {
      // The rows the fling stopped on, drawn in full.
      setLight(false);
      setTopRow(rowAt(lastScrollRef.current.top));
    }, SETTLE_MS);
  };

  const select = useCallback(
    (row: PacketRow) => {
      lastSelected.current = row.entry.seq;
      onSelect(row);
    },
    [onSelect],
  );

  const moveTo = (i: number) => {
    const row = view.at(Math.max(0, Math.min(count - 1, i)));
    if (!row) return;
    const index = view.indexOf(row);
    select(row);
    setFollow(index === count - 1);
    reveal(index);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const el = scrollRef.current;
    if (!el || count === 0) return;
    const height = viewportRef.current || el.clientHeight;
    const page = Math.max(1, Math.floor((height - HEADER_H) / ROW_H) - 1);
    const from =
      selectedIndex >= 0
        ? selectedIndex
        : followingRef.current
          ? count
          : Math.floor(el.scrollTop / ROW_H) - 1;
    switch (e.key) {
      case 'ArrowDown':
        moveTo(from + 1);
        break;
      case 'ArrowUp':
        moveTo(from - 1);
        break;
      case 'PageDown':
        moveTo(from + page);
        break;
      case 'PageUp':
        moveTo(from - page);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(count - 1);
        break;
      case 'Enter':
      case ' ':
        if (!selectedRow) return;
        onOpen();
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  // Following the newest rows: the layout effect above scrolls to the bottom before paint, so
  // render the bottom now rather than the rows under the old scroll position.
  const scrollTop = followingRef.current
    ? Math.max(0, HEADER_H + count * ROW_H - viewport)
    : HEADER_H + topRow * ROW_H;
  const { start, end } = visibleRows(scrollTop, viewport, count, ROW_H, HEADER_H, OVERSCAN);
  const items: number[] = [];
  if (!light) for (let i = start; i < end; i++) items.push(i);
  const selectedRendered = !light && selectedIndex >= start && selectedIndex < end;

  return (
    <div className="relative">
      {/* The rounded border is a frame's, not the scroller's: a scroller with rounded corners
          clips its scrolling content to them, which a compositor without a GPU does by drawing
          the whole log again through a mask, every frame of a scroll (bench:ui: a fifth to a
          quarter of the display compositor's CPU time). The square scroller sits far enough
          inside to clear the corners, and keeps an opaque background: without one Chromium
          does not composite its scrolling at a device pixel ratio of 1. */}
      <div className={FRAME}>
        <div
          ref={scrollRef}
          role="grid"
          aria-label="Packets"
          aria-rowcount={count + 1}
          aria-colcount={10}
          aria-activedescendant={
            selectedRendered && selectedSeq !== undefined ? rowId(selectedSeq) : undefined
          }
          aria-describedby="packet-log-keys"
          tabIndex={0}
          onKeyDown={onKeyDown}
          onScroll={onScroll}
          data-testid="packet-log"
          className="h-[calc(26rem-8px)] overflow-auto bg-white [contain:strict] [overflow-anchor:none] focus-visible:outline-none dark:bg-slate-900"
        >
          <Header />
          <div role="rowgroup" className="relative" style={{ height: count * ROW_H }}>
            {count === 0 && (
              <div role="row">
                <div role="gridcell" aria-colspan={10}>
                  {empty ? (
                    <EmptyLog />
                  ) : (
                    <p className="px-4 py-6 text-center text-sm text-slate-600 dark:text-slate-400">
                      No packet matches the filters.
                    </p>
                  )}
                </div>
              </div>
            )}
            {light ? (
              <LightCanvas
                view={view}
                count={count}
                width={width}
                height={viewport - HEADER_H}
                topRef={topRef}
                paintRef={paintRef}
                selectedIndex={selectedIndex}
                onSelect={select}
              />
            ) : (
              items.map((index) => {
                const row = view.at(index);
                if (!row) return null;
                return (
                  <Row
                    key={row.ordinal}
                    row={row}
                    meaning={row.meaning}
                    index={index}
                    top={index * ROW_H}
                    selected={index === selectedIndex}
                    onSelect={select}
                  />
                );
              })
            )}
          </div>
        </div>
      </div>
      <p id="packet-log-keys" className="sr-only">
        Up and Down arrows select a packet; Enter shows its details.
      </p>
      {!following && count > 0 && (
        <button
          type="button"
          onClick={() => {
            setFollow(true);
            scrollToBottom();
          }}
          className="absolute right-5 bottom-3 inline-flex items-center gap-1.5 rounded-full bg-sky-700 px-3 py-1.5 text-xs font-semibold text-white shadow-lg hover:bg-sky-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:ring-offset-2 dark:bg-sky-600 dark:hover:bg-sky-500 dark:focus-visible:ring-offset-slate-900"
        >
          <span aria-hidden="true">↓</span> Jump to latest
        </button>
      )}
    </div>
  );
}

function EmptyLog() {
  return (
    <div className="flex flex-col items-center justify-center gap-2 px-6 py-24 text-center">
      <p className="text-sm font-medium text-slate-800 dark:text-slate-200">No datagrams yet.</p>
      <p className="max-w-md text-sm text-slate-600 dark:text-slate-400">
        Send a request from the composer: every datagram in and out of the gateway appears here,
        with what it means and where the gateway differs from its document.
      </p>
    </div>
  );
}

const HEAD = 'truncate text-xs font-semibold text-slate-600 dark:text-slate-400';

function Header() {
  return (
    <div
      role="rowgroup"
      className="sticky top-0 z-10 border-b border-slate-200 bg-slate-50 dark:border-slate-700 dark:bg-slate-800"
      style={{ height: HEADER_H }}
    >
      <div role="row" aria-rowindex={1} className={`${COLUMNS} h-full items-center px-3`}>
        <div role="columnheader" className={HEAD}>
          Time
        </div>
        <div role="columnheader" className={HEAD} title="Direction">
          <span aria-hidden="true">⇄</span>
          <span className="sr-only">Direction</span>
        </div>
        <div role="columnheader" className={HEAD}>
          Peer
        </div>
        <div role="columnheader" className={HEAD}>
          Type
        </div>
        <div role="columnheader" className={HEAD} title="Message ID">
          MID
        </div>
        <div role="columnheader" className={HEAD}>
          Token
        </div>
        <div role="columnheader" className={HEAD}>
          Code · path
        </div>
        <div role="columnheader" className={`${HEAD} text-right`} title="Payload length">
          Len
        </div>
        <div role="columnheader" className="sr-only">
          Meaning
        </div>
        <div role="columnheader" className="sr-only">
          Fate
        </div>
      </div>
    </div>
  );
}

interface RowProps {
  row: PacketRow;
  /** Passed apart from `row`: a request's meaning gains its outcome when the reply arrives. */
  meaning: string;
  index: number;
  top: number;
  selected: boolean;
  onSelect: (row: PacketRow) => void;
}

const CELL = 'truncate font-mono text-xs leading-5';

/** The code-and-path cell: `GET /ps/coap/test` for a request, `2.05 Content` for the rest. */
function CodeAndPath({ row }: { row: PacketRow }) {
  const s = row.entry.summary;
  const colour = CODE_CLASS[row.codeClass];
  if (row.codeClass !== 'request')
    return (
      <div role="gridcell" className={`${CELL} ${colour}`} title={s.code ?? s.error}>
        {s.ok ? s.code : 'malformed'}
      </div>
    );
  return (
    <div
      role="gridcell"
      className={`${CELL} text-slate-800 dark:text-slate-200`}
      title={`${s.code} ${s.path}`}
    >
      <span className={`font-semibold ${colour}`}>{methodOf(s.code)}</span> {s.path}
    </div>
  );
}

const ROW_CLASS =
  'absolute inset-x-0 top-0 cursor-default [contain:strict] border-b border-slate-100 px-3 dark:border-slate-800';
const ROW_STATE = {
  selected:
    'bg-sky-50 shadow-[inset_3px_0_0_var(--color-sky-600)] dark:bg-sky-950/70 dark:shadow-[inset_3px_0_0_var(--color-sky-400)]',
  unselected: 'hover:bg-slate-50 dark:hover:bg-slate-800/60',
};

interface LightCanvasProps {
  view: PacketView;
  count: number;
  /** The canvas's size in CSS px: the grid's width, the viewport under the header. */
  width: number;
  height: number;
  /** The grid's scroll position, where the rows are drawn from. */
  topRef: RefObject<number>;
  /** Set to this canvas's paint while it shows: the grid calls it at each scroll event. */
  paintRef: RefObject<(() => void) | undefined>;
  selectedIndex: number;
  onSelect: (row: PacketRow) => void;
}

/**
 * The light form of the rows under a fling: the rows on screen drawn as plain text, two lines a
 * row, on a canvas that stays under the header (sticky) while the grid scrolls, drawn again at
 * each scroll event. Hidden from assistive technology: it lasts only while the rows go by too
 * fast to read, and the rows it stops on are drawn in full.
 *
 * A canvas, not elements: a fling brought a new element of text every two or three frames, and
 * styling, laying out, painting and rasterizing its text was most of the main thread's longest
 * tasks in bench:ui (without that text, none over 50 ms in the same runs). A canvas is drawn in
 * one step and nothing else on the page is laid out or painted again.
 */
function LightCanvas({
  view,
  count,
  width,
  height,
  topRef,
  paintRef,
  selectedIndex,
  onSelect,
}: LightCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const textStyle = useRef<{ font: string; color: string }>(undefined);
  const paint = () => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const ratio = window.devicePixelRatio || 1;
    const w = Math.round(width * ratio);
    const h = Math.round(height * ratio);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    // The font and colour the canvas's classes give it (light or dark theme), read once a fling.
    if (!textStyle.current) {
      const style = getComputedStyle(canvas);
      textStyle.current = { font: `${style.fontSize} ${style.fontFamily}`, color: style.color };
    }
    ctx.font = textStyle.current.font;
    ctx.fillStyle = textStyle.current.color;
    ctx.textBaseline = 'middle';
    // Row i starts HEADER_H + i × ROW_H down the grid and the canvas sits HEADER_H under the
    // scroll position: the row is drawn i × ROW_H − scrollTop down the canvas.
    const top = topRef.current;
    const [first, last] = lightRange(top, height, ROW_H, count);
    for (let i = first; i < last; i++) {
      const row = view.at(i);
      if (!row) continue;
      const y = i * ROW_H - top;
      const [line1, line2] = lightLines(row);
      ctx.fillText(line1, LIGHT_X, y + ROW_H / 4);
      ctx.fillText(line2, LIGHT_X, y + (ROW_H * 3) / 4);
    }
  };
  useLayoutEffect(() => {
    paintRef.current = paint;
    paint();
  });
  useEffect(
    () => () => {
      paintRef.current = undefined;
    },
    [paintRef],
  );
  return (
    <>
      {selectedIndex >= 0 && selectedIndex < count && (
        <div
          aria-hidden="true"
          className={`${ROW_CLASS} ${ROW_STATE.selected}`}
          style={{ height: ROW_H, transform: `translateY(${selectedIndex * ROW_H}px)` }}
        />
      )}
      {/* A click selects the row under the pointer, as a click on a full row does; the keyboard
          selects through the grid itself (its arrow keys), so the canvas takes no focus. */}
      <canvas
        ref={canvasRef}
        aria-hidden="true"
        data-light-rows=""
        onClick={(e) => {
          const box = e.currentTarget.getBoundingClientRect();
          const y = e.clientY - box.top + topRef.current;
          const row = view.at(Math.floor(y / ROW_H));
          if (row) onSelect(row);
        }}
        className="sticky block cursor-default font-mono text-xs text-slate-700 dark:text-slate-300"
        style={{ top: HEADER_H, width, height }}
      />
    </>
  );
}

const Row = memo(function Row({ row, meaning, index, top, selected, onSelect }: RowProps) {
  const e = row.entry;
  const s = e.summary;
  const inbound = e.direction === 'to-gateway' || e.direction === 'to-server';
  const hub = row.server ? `the real server ${row.server}` : 'the gateway';
  const common = {
    role: 'row',
    id: rowId(e.seq),
    'aria-rowindex': index + 2,
    'aria-selected': selected,
    'data-seq': e.seq,
    onClick: () => onSelect(row),
    style: { height: ROW_H, transform: `translateY(${top}px)` },
  };
  return (
    <div
      {...common}
      className={`${ROW_CLASS} ${COLUMNS} content-center ${selected ? ROW_STATE.selected : ROW_STATE.unselected}`}
    >
      <div
        role="gridcell"
        className={`${CELL} row-span-2 self-start text-[11px] text-slate-600 tabular-nums dark:text-slate-400`}
      >
        {formatTime(e.at)}
      </div>
      <div
        role="gridcell"
        aria-label={
          row.server
            ? inbound
              ? 'to real server'
              : 'from real server'
            : inbound
              ? 'to gateway'
              : 'from gateway'
        }
        className={`${CELL} text-center font-sans font-semibold ${inbound ? 'text-sky-700 dark:text-sky-300' : 'text-violet-700 dark:text-violet-300'}`}
        title={inbound ? `to ${hub}` : `from ${hub}`}
      >
        {inbound ? '→' : '←'}
      </div>
      <div
        role="gridcell"
        className={`${CELL} font-sans font-medium text-slate-800 dark:text-slate-200`}
        title={row.peer}
      >
        {row.peer}
      </div>
      <div
        role="gridcell"
        className={`self-center justify-self-start rounded px-1 text-[11px] leading-4 font-semibold ${s.type ? TYPE_CLASS[s.type] : 'text-slate-600 dark:text-slate-400'}`}
      >
        {s.type ?? '?'}
      </div>
      <div role="gridcell" className={`${CELL} text-slate-700 tabular-nums dark:text-slate-300`}>
        {s.messageId ?? ''}
      </div>
      <div
        role="gridcell"
        className={`${CELL} text-amber-800 dark:text-amber-300`}
        title={s.token ? `token ${s.token}` : 'no token'}
      >
        {s.token || <span className="text-slate-600 dark:text-slate-400">–</span>}
      </div>
      <CodeAndPath row={row} />
      <div
        role="gridcell"
        className={`${CELL} text-right text-slate-600 tabular-nums dark:text-slate-400`}
        title={`${s.payloadLength ?? 0}-byte payload`}
      >
        {s.payloadLength ?? 0}
      </div>
      <div className="col-start-3 col-end-[-1] flex min-w-0 items-center gap-2">
        <div
          role="gridcell"
          className="min-w-0 flex-1 truncate text-[13px] leading-5 text-slate-900 dark:text-slate-100"
          title={meaning}
          data-testid="packet-meaning"
        >
          <DivergenceMarker count={row.notes.length} />
          {meaning}
        </div>
        <div role="gridcell" className="shrink-0 leading-5">
          <FateBadge fate={e.fate} server={row.server !== undefined} />
        </div>
      </div>
    </div>
  );
});
