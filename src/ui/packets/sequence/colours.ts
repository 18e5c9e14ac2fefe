import type { ArrowKind, Lane } from './model';

/**
 * The sequence diagram's colours: full Tailwind class names (so the scanner finds them), text
 * at ≥ 4.5:1 on the panel in both themes.
 */

/** Stroke and text colours per kind of arrow. */
export const ARROW_COLOUR: Record<ArrowKind, { line: string; text: string }> = {
  request: {
    line: 'stroke-sky-600 fill-sky-600 dark:stroke-sky-400 dark:fill-sky-400',
    text: 'fill-sky-800 dark:fill-sky-300',
  },
  response: {
    line: 'stroke-emerald-600 fill-emerald-600 dark:stroke-emerald-400 dark:fill-emerald-400',
    text: 'fill-emerald-800 dark:fill-emerald-300',
  },
  error: {
    line: 'stroke-rose-600 fill-rose-600 dark:stroke-rose-400 dark:fill-rose-400',
    text: 'fill-rose-800 dark:fill-rose-300',
  },
  notification: {
    line: 'stroke-violet-600 fill-violet-600 dark:stroke-violet-400 dark:fill-violet-400',
    text: 'fill-violet-800 dark:fill-violet-300',
  },
  empty: {
    line: 'stroke-slate-500 fill-slate-500 dark:stroke-slate-400 dark:fill-slate-400',
    text: 'fill-slate-700 dark:fill-slate-300',
  },
  malformed: {
    line: 'stroke-rose-600 fill-rose-600 dark:stroke-rose-400 dark:fill-rose-400',
    text: 'fill-rose-800 dark:fill-rose-300',
  },
  publish: {
    line: 'stroke-amber-600 fill-amber-600 dark:stroke-amber-400 dark:fill-amber-400',
    text: 'fill-amber-900 dark:fill-amber-200',
  },
  deliver: {
    line: 'stroke-teal-600 fill-teal-600 dark:stroke-teal-400 dark:fill-teal-400',
    text: 'fill-teal-800 dark:fill-teal-300',
  },
  operator: {
    line: 'stroke-fuchsia-600 fill-fuchsia-600 dark:stroke-fuchsia-400 dark:fill-fuchsia-400',
    text: 'fill-fuchsia-800 dark:fill-fuchsia-300',
  },
  'gave-up': {
    line: 'stroke-rose-700 fill-rose-700 dark:stroke-rose-300 dark:fill-rose-300',
    text: 'fill-rose-800 dark:fill-rose-300',
  },
  duplicate: {
    line: 'stroke-orange-700 fill-orange-700 dark:stroke-orange-300 dark:fill-orange-300',
    text: 'fill-orange-900 dark:fill-orange-200',
  },
};

/** The badge at the head of each lane, by participant. */
export const LANE_BADGE: Record<Lane['kind'], string> = {
  coap: 'bg-sky-100 text-sky-900 dark:bg-sky-400/15 dark:text-sky-200',
  gateway: 'bg-slate-800 text-white dark:bg-slate-200 dark:text-slate-900',
  broker: 'bg-amber-100 text-amber-950 dark:bg-amber-400/15 dark:text-amber-100',
  mqtt: 'bg-teal-100 text-teal-900 dark:bg-teal-400/15 dark:text-teal-100',
  server: 'bg-violet-100 text-violet-900 dark:bg-violet-400/15 dark:text-violet-100',
  operator: 'bg-fuchsia-100 text-fuchsia-900 dark:bg-fuchsia-400/15 dark:text-fuchsia-100',
};

/** Lifelines: the gateway's solid and darker, the others dashed. */
export const LIFELINE = {
  gateway: 'stroke-slate-400 dark:stroke-slate-500',
  other: 'stroke-slate-300 dark:stroke-slate-600',
};

/** The box behind an arrow: filled when its packet is selected, else on hover and focus. */
export const ARROW_BOX = {
  selected: 'fill-sky-100 stroke-sky-500 dark:fill-sky-900/60 dark:stroke-sky-400',
  idle: 'fill-transparent stroke-none group-hover:fill-slate-100 group-focus-visible:fill-sky-50 group-focus-visible:stroke-sky-600 dark:group-hover:fill-slate-800 dark:group-focus-visible:fill-sky-950 dark:group-focus-visible:stroke-sky-400',
};
