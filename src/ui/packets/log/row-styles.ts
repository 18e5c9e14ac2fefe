/**
 * Time · direction · peer · type · MID · token · code and path (flexible) · length; the meaning
 * and the fate take line 2, under the peer. The header and every row share these columns.
 *
 * In a grid narrower than 44rem (the log in a three-column page) the time moves to line 2, under
 * the direction, peer and type (TIME_CELL), so the code and path keep the room it took: with it on
 * line 1 a 1440-px page showed `POST …` and no path (the peer and the gaps narrow too: a
 * 1280-px page then shows `DELETE /mqtt/connection` whole). Rows are at least 29rem wide: on a phone
 * the grid scrolls sideways inside itself rather than squeeze the path to nothing.
 */
export const COLUMNS =
  'grid grid-cols-[5.75rem_1rem_minmax(4rem,6.5rem)_2.5rem_2.75rem_4.25rem_minmax(0,1fr)_2.5rem] gap-x-1.5 @max-[44rem]:grid-cols-[1rem_5rem_2.5rem_2.75rem_4.25rem_minmax(0,1fr)_2.25rem] @max-[44rem]:gap-x-1';

/**
 * The time cell (the time over the packet's number): both lines of the first column, or in the
 * compact grid line 2 under direction, peer and type, the number beside the time.
 */
export const TIME_CELL =
  'row-span-2 self-start @max-[44rem]:[grid-area:2/1/3/4] @max-[44rem]:self-center';
export const TIME_NUMBER = 'block @max-[44rem]:ml-1.5 @max-[44rem]:inline';
/** Where line 2's meaning starts: under the peer, or after the time in the compact grid. */
export const MEANING_START = 'col-start-3 @max-[44rem]:col-start-4';

/** The time column's header: no column of its own in the compact grid. */
export const TIME_HEADER = '@max-[44rem]:sr-only';

/** The rows' least width (see COLUMNS); the grid is the `@container` the queries ask. */
export const ROWS_MIN_WIDTH = 'min-w-[29rem]';

/** A row: absolutely placed (translated to its offset), and contained so it lays out alone. */
export const ROW_CLASS =
  'absolute inset-x-0 top-0 cursor-default [contain:strict] border-b border-slate-100 px-3 dark:border-slate-800';

export const ROW_STATE = {
  selected:
    'bg-sky-50 shadow-[inset_3px_0_0_var(--color-sky-600)] dark:bg-sky-950/70 dark:shadow-[inset_3px_0_0_var(--color-sky-400)]',
  unselected: 'hover:bg-slate-50 dark:hover:bg-slate-800/60',
};

export const CELL = 'truncate font-mono text-xs leading-5';

/** The row's element id, for the grid's aria-activedescendant. */
export const rowId = (seq: number) => `packet-row-${seq}`;
