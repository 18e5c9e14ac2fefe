/** Shared Tailwind class strings, so controls look and behave alike across panels. */
export const button =
  'inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm font-medium text-slate-800 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 disabled:opacity-50 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700';
export const primaryButton =
  'inline-flex items-center gap-1.5 rounded-md bg-sky-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-sky-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:ring-offset-2 disabled:opacity-50 dark:bg-sky-700 dark:hover:bg-sky-800 dark:focus-visible:ring-offset-slate-900';
export const input =
  'w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 focus:border-sky-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100';
export const label = 'block text-xs font-medium text-slate-700 dark:text-slate-300';
export const mono = 'font-mono text-[13px]';
export const muted = 'text-xs text-slate-600 dark:text-slate-400';
/** A section heading inside a panel's tab: "Topic tree", "Recently closed". */
export const sectionHeading =
  'text-xs font-semibold tracking-wide text-slate-700 uppercase dark:text-slate-300';
/** The dashed box that says a list is empty, and how to fill it. */
export const emptyNote =
  'rounded-lg border border-dashed border-slate-300 px-4 py-5 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400';
/** The summary line of a <details> disclosure. */
export const disclosure =
  'cursor-pointer text-slate-700 select-none hover:text-slate-900 dark:text-slate-300 dark:hover:text-slate-100';
/** A warning in a header badge row: "Clock at ×10: real clients see the changed timing". */
export const alertPill =
  'rounded-full bg-amber-100 px-2 py-0.5 font-medium text-amber-900 dark:bg-amber-900 dark:text-amber-100';
/** The focus ring of an element with no ring of its own: a scroller, a row, a chip. */
export const focusRing =
  'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 dark:focus-visible:outline-sky-400';
