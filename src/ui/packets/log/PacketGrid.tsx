import { useTranslation } from 'react-i18next';
import { meaningText } from '../meaning-text';
import type { PacketRow } from '../packet-index';
import { LightCanvas } from './LightCanvas';
import { LogRow } from './LogRow';
import { COLUMNS, ROWS_MIN_WIDTH, TIME_HEADER, rowId } from './row-styles';
import { HEADER_H, ROW_H } from './scroller';
import type { LogRows } from './useLogRows';
import { usePacketLogKeys } from './usePacketLogKeys';
import { usePacketScroller } from './usePacketScroller';

interface GridProps {
  rows: LogRows;
  /** No datagram yet at all (rather than none that passes the filters). */
  empty: boolean;
  filterKey: string;
  selectedRow: PacketRow | undefined;
  onSelect: (row: PacketRow) => void;
  /** Enter: show the selected packet's detail. */
  onOpen: () => void;
}

/**
 * The grid's frame: the rounded border, and the focus ring when the grid has the focus. Its 3 px
 * of padding keep the square scroller inside the border's rounded corners (radius 8 px).
 */
const FRAME =
  'rounded-lg border border-slate-200 bg-white p-[3px] dark:border-slate-700 dark:bg-slate-900 has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-sky-600 dark:has-focus-visible:outline-sky-400';

/**
 * The scrolling grid: follows the newest rows unless the reader scrolled up. At most 26rem tall,
 * and no taller than fits below the filters in the wide page's column (a size container: 100cqh
 * is its height, 14.5rem what stands above the grid), so the newest row is on screen at 720 px;
 * on the narrow page, with no such container, 100cqh is the viewport's height.
 */
export function PacketGrid({ rows, empty, filterKey, selectedRow, onSelect, onOpen }: GridProps) {
  const { t } = useTranslation();
  const { view, count } = rows;
  // The rows' meanings are rendered in the page's language: a switch renders them again.
  useTranslation();
  const {
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
  } = usePacketScroller({ rows, selectedRow, filterKey, onSelect });
  const onKeyDown = usePacketLogKeys({
    scroller,
    scrollRef,
    view,
    count,
    selectedIndex,
    selected: selectedRow !== undefined,
    select,
    setFollow,
    reveal,
    onOpen,
  });
  const selectedSeq = selectedRow?.entry.seq;
  const items: number[] = [];
  if (!light) for (let i = start; i < end; i++) items.push(i);
  const selectedRendered = !light && selectedIndex >= start && selectedIndex < end;

  return (
    <div className="relative">
      {/* The rounded border is a frame's, not the scroller's: a scroller with rounded corners
          clips its scrolling content to them, which a compositor without a GPU does by drawing
          the whole log again through a mask, every frame of a scroll. The square scroller sits
          far enough inside to clear the corners, and keeps an opaque background: without one
          Chromium does not composite its scrolling at a device pixel ratio of 1. */}
      <div className={FRAME}>
        <div
          ref={scrollRef}
          role="grid"
          aria-label={t('packets:grid.label')}
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
          className="@container h-[clamp(12rem,calc(100cqh-14.5rem),calc(26rem-8px))] overflow-auto bg-white [contain:strict] [overflow-anchor:none] focus-visible:outline-none dark:bg-slate-900"
        >
          <Header />
          <div
            role="rowgroup"
            className={`relative ${count > 0 ? ROWS_MIN_WIDTH : ''}`}
            style={{ height: count * ROW_H }}
          >
            {count === 0 && (
              <div role="row">
                <div role="gridcell" aria-colspan={10}>
                  {empty ? (
                    <EmptyLog />
                  ) : (
                    <p className="px-4 py-6 text-center text-sm text-slate-600 dark:text-slate-400">
                      {t('packets:grid.no-match')}
                    </p>
                  )}
                </div>
              </div>
            )}
            {light ? (
              <LightCanvas
                rows={view}
                count={count}
                width={width}
                height={viewport - HEADER_H}
                scrollTop={() => scroller.position()}
                paintRef={paintRef}
                selectedIndex={selectedIndex}
                onSelect={select}
              />
            ) : (
              items.map((index) => {
                const row = view.at(index);
                if (!row) return null;
                return (
                  <LogRow
                    key={row.ordinal}
                    row={row}
                    meaning={meaningText(row)}
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
        {t('packets:grid.keys')}
      </p>
      {!following && count > 0 && (
        <button
          type="button"
          onClick={jumpToLatest}
          className="absolute right-5 bottom-3 inline-flex items-center gap-1.5 rounded-full bg-sky-700 px-3 py-1.5 text-xs font-semibold text-white shadow-lg hover:bg-sky-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:ring-offset-2 dark:bg-sky-600 dark:hover:bg-sky-500 dark:focus-visible:ring-offset-slate-900"
        >
          <span aria-hidden="true">↓</span> {t('packets:grid.jump')}
        </button>
      )}
    </div>
  );
}

function EmptyLog() {
  const { t } = useTranslation();
  return (
    <div className="flex flex-col items-center justify-center gap-2 px-6 py-24 text-center">
      <p className="text-sm font-medium text-slate-800 dark:text-slate-200">
        {t('packets:empty.title')}
      </p>
      <p className="max-w-md text-sm text-slate-600 dark:text-slate-400">
        {t('packets:empty.body')}
      </p>
    </div>
  );
}

const HEAD = 'truncate text-xs font-semibold text-slate-600 dark:text-slate-400';

function Header() {
  const { t } = useTranslation();
  return (
    <div
      role="rowgroup"
      className={`sticky top-0 z-10 ${ROWS_MIN_WIDTH} border-b border-slate-200 bg-slate-50 dark:border-slate-700 dark:bg-slate-800`}
      style={{ height: HEADER_H }}
    >
      <div role="row" aria-rowindex={1} className={`${COLUMNS} h-full items-center px-3`}>
        <div
          role="columnheader"
          className={`${HEAD} ${TIME_HEADER}`}
          title={t('packets:col.time.title')}
        >
          {t('packets:col.time')}
        </div>
        <div role="columnheader" className={HEAD} title={t('packets:col.direction')}>
          <span aria-hidden="true">⇄</span>
          <span className="sr-only">{t('packets:col.direction')}</span>
        </div>
        <div role="columnheader" className={HEAD}>
          {t('packets:col.peer')}
        </div>
        <div role="columnheader" className={HEAD}>
          {t('packets:col.type')}
        </div>
        <div role="columnheader" className={HEAD} title={t('packets:col.mid.title')}>
          {t('packets:col.mid')}
        </div>
        <div role="columnheader" className={HEAD}>
          {t('packets:col.token')}
        </div>
        <div role="columnheader" className={HEAD}>
          {t('packets:col.code')}
        </div>
        <div
          role="columnheader"
          className={`${HEAD} text-right`}
          title={t('packets:col.len.title')}
        >
          {t('packets:col.len')}
        </div>
        <div role="columnheader" className="sr-only">
          {t('packets:col.meaning')}
        </div>
        <div role="columnheader" className="sr-only">
          {t('packets:col.fate')}
        </div>
      </div>
    </div>
  );
}
