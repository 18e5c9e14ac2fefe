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
