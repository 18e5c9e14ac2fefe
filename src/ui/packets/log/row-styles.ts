/**
 * Time · direction · peer · type · MID · token · code and path (flexible) · length; the meaning
 * and the fate take line 2, under the peer. The header and every row share these columns.
 */
export const COLUMNS =
  'grid grid-cols-[5.75rem_1rem_minmax(4rem,6.5rem)_2.5rem_2.75rem_4.25rem_minmax(0,1fr)_2.5rem] gap-x-1.5';

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
