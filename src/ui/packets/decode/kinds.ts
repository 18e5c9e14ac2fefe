import type { FieldKind } from './layout';

/**
 * One colour per part of a message, shared by the hex dump, the tree and the legend. Full class
 * names only, so Tailwind's scanner finds them. Text colours keep ≥ 4.5:1 contrast on the panel
 * background in both themes. Every other option sits on a faint band so neighbours stay apart.
 */
export type Tint = FieldKind | 'option-alt';

export const TINT_TEXT: Record<Tint, string> = {
  header: 'text-sky-700 dark:text-sky-300',
  token: 'text-amber-700 dark:text-amber-300',
  option: 'text-violet-700 dark:text-violet-300',
  'option-alt': 'text-violet-700 dark:text-violet-300',
  marker: 'text-slate-600 dark:text-slate-400',
  payload: 'text-emerald-700 dark:text-emerald-300',
};

export const TINT_SWATCH: Record<Tint, string> = {
  header: 'bg-sky-600 dark:bg-sky-400',
  token: 'bg-amber-500 dark:bg-amber-300',
  option: 'bg-violet-600 dark:bg-violet-400',
  'option-alt': 'bg-violet-600 dark:bg-violet-400',
  marker: 'bg-slate-500 dark:bg-slate-400',
  payload: 'bg-emerald-600 dark:bg-emerald-400',
};

/** A faint band behind every other option's bytes, so neighbouring options stay apart. */
export const TINT_BAND: Partial<Record<Tint, string>> = {
  'option-alt': 'bg-violet-100 dark:bg-violet-400/15',
};

/** The tint of a field: options alternate by their wire position. */
export function tintOf(kind: FieldKind, optionIndex = 0): Tint {
  return kind === 'option' && optionIndex % 2 === 1 ? 'option-alt' : kind;
}

/**
 * Secondary text. Inside an active row (`group` with `data-active`) it brightens in dark mode to
 * keep 4.5:1 contrast on the highlight.
 */
export const MUTED = 'text-slate-600 dark:text-slate-400 dark:group-data-active:text-slate-200';

/** Shared look for something the pointer links (a row and its bytes). */
export const ACTIVE_BG = 'bg-yellow-100 dark:bg-yellow-400/20';
