import { useId } from 'react';
import type { ReactNode } from 'react';

/**
 * A segmented choice built on native radio buttons, so arrow keys, focus and screen readers
 * behave like any radio group; the label of the checked one is filled.
 */
export function Segmented<T extends string>({
  legend,
  value,
  options,
  onChange,
  hideLegend = true,
  size = 'sm',
}: {
  legend: string;
  value: T;
  options: ReadonlyArray<{ value: T; label: string; title?: string }>;
  onChange: (value: T) => void;
  hideLegend?: boolean;
  size?: 'sm' | 'xs';
}) {
  const name = useId();
  return (
    <fieldset className="min-w-0">
      <legend
        className={
          hideLegend
            ? 'sr-only'
            : 'mb-1 block text-xs font-medium text-slate-700 dark:text-slate-300'
        }
      >
        {legend}
      </legend>
      <div className="inline-flex overflow-hidden rounded-md border border-slate-300 dark:border-slate-700">
        {options.map((o, i) => (
          <label
            key={o.value}
            title={o.title}
            className={`cursor-pointer select-none font-medium text-slate-700 has-checked:bg-sky-700 has-checked:text-white has-focus-visible:relative has-focus-visible:z-10 has-focus-visible:ring-2 has-focus-visible:ring-sky-500 hover:bg-slate-100 has-checked:hover:bg-sky-700 dark:text-slate-200 dark:hover:bg-slate-800 dark:has-checked:bg-sky-700 dark:has-checked:text-white dark:has-checked:hover:bg-sky-700 ${
              size === 'xs' ? 'px-2 py-0.5 text-xs' : 'px-2.5 py-1 text-sm'
            } ${i > 0 ? 'border-l border-slate-300 dark:border-slate-700' : ''}`}
          >
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
              className="sr-only"
            />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** A label above a control, with an optional hint below it. */
export function Field({
  label,
  htmlFor,
  hint,
  children,
  className = '',
}: {
  label: ReactNode;
  htmlFor?: string;
  hint?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={`min-w-0 ${className}`}>
      <label
        htmlFor={htmlFor}
        className="mb-1 block text-xs font-medium text-slate-700 dark:text-slate-300"
      >
        {label}
      </label>
      {children}
      {hint && (
        <p className="mt-0.5 text-[11px] leading-snug text-slate-600 dark:text-slate-400">{hint}</p>
      )}
    </div>
  );
}

// Control looks without size, so sizes are never two conflicting utilities on one element.
const controlBase =
  'rounded-md border border-slate-300 bg-white text-slate-900 focus:border-sky-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 disabled:bg-slate-100 disabled:text-slate-500 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100 dark:disabled:bg-slate-900 dark:disabled:text-slate-400';

/** Text inputs and selects, full width unless a width is added (no width in these strings). */
export const control = {
  text: `${controlBase} px-2 py-1 text-sm`,
  mono: `${controlBase} px-2 py-1 font-mono text-[13px]`,
  small: `${controlBase} px-1.5 py-0.5 text-xs`,
  smallMono: `${controlBase} px-1.5 py-0.5 font-mono text-xs`,
  select: `${controlBase} px-1.5 py-1 text-sm`,
  smallSelect: `${controlBase} px-1 py-0.5 text-xs`,
} as const;

/** A full-width select, styled like the inputs. */
export const select = `${control.select} w-full`;

const buttonBase =
  'inline-flex items-center justify-center gap-1.5 rounded-md border border-slate-300 bg-white font-medium text-slate-800 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 disabled:cursor-not-allowed disabled:opacity-50 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700';
/** A secondary button in two sizes. */
export const smallButton = `${buttonBase} px-2 py-0.5 text-xs`;

/** A small icon-sized button (remove ×). */
export const iconButton =
  'inline-flex h-6 w-6 shrink-0 items-center justify-center rounded text-slate-500 hover:bg-slate-100 hover:text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-slate-100';

/** A section heading inside a panel. */
export function SectionTitle({ children, id }: { children: ReactNode; id?: string }) {
  return (
    <h3
      id={id}
      className="text-[11px] font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400"
    >
      {children}
    </h3>
  );
}

/** Messages for errors and advice, in the protocol's words. */
export function Messages({
  errors = [],
  warnings = [],
  id,
}: {
  errors?: string[];
  warnings?: string[];
  id?: string;
}) {
  if (!errors.length && !warnings.length) return null;
  return (
    <ul id={id} className="space-y-0.5 text-xs leading-snug">
      {errors.map((e) => (
        <li key={`e${e}`} className="text-red-700 dark:text-red-300">
          <span aria-hidden="true">✕ </span>
          {e}
        </li>
      ))}
      {warnings.map((w) => (
        <li key={`w${w}`} className="text-amber-800 dark:text-amber-200">
          <span aria-hidden="true">⚠ </span>
          {w}
        </li>
      ))}
    </ul>
  );
}
