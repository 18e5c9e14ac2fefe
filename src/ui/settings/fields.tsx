import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import { sectionHeading } from '../kit/styles';

export const fieldInput =
  'w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 focus:border-sky-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 aria-[invalid=true]:border-rose-500 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100';
export const hint = 'text-xs text-slate-600 dark:text-slate-400';
const labelText = 'text-sm font-medium text-slate-800 dark:text-slate-200';
const keyName = 'font-mono text-[11px] font-normal text-slate-600 dark:text-slate-400';

/** A group of settings under a heading. */
export function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="space-y-3 rounded-lg border border-slate-200 p-3 dark:border-slate-700">
      <legend className={`px-1 ${sectionHeading}`}>{title}</legend>
      {children}
    </fieldset>
  );
}

/** A label with the reference's key name beside it, the control, and a hint. */
export function Field({
  label,
  configKey,
  hint: help,
  children,
}: {
  label: string;
  configKey: string;
  hint?: ReactNode;
  children: (ids: { id: string; describedBy?: string }) => ReactNode;
}) {
  const id = useId();
  const hintId = help ? `${id}-hint` : undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="flex flex-wrap items-baseline justify-between gap-x-2">
        <span className={labelText}>{label}</span>
        <span translate="no" className={keyName}>
          {configKey}
        </span>
      </label>
      {children({ id, describedBy: hintId })}
      {help && (
        <div id={hintId} className={hint}>
          {help}
        </div>
      )}
    </div>
  );
}

/** A labelled switch (a checkbox styled as one) that applies at once. */
export function Switch({
  label,
  configKey,
  checked,
  onChange,
  hint: help,
}: {
  label: string;
  configKey: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: ReactNode;
}) {
  const id = useId();
  return (
    <div className="space-y-1">
      <div className="flex items-center justify-between gap-2">
        <label htmlFor={id} className="flex cursor-pointer items-center gap-2">
          <span className="relative inline-flex shrink-0">
            <input
              id={id}
              type="checkbox"
              role="switch"
              checked={checked}
              aria-describedby={help ? `${id}-hint` : undefined}
              onChange={(e) => onChange(e.target.checked)}
              className="peer absolute inset-0 z-10 m-0 h-full w-full cursor-pointer opacity-0"
            />
            <span
              aria-hidden="true"
              className={`relative inline-block h-5 w-9 rounded-full transition-colors peer-focus-visible:ring-2 peer-focus-visible:ring-sky-500 peer-focus-visible:ring-offset-2 dark:peer-focus-visible:ring-offset-slate-900 ${checked ? 'bg-sky-600 dark:bg-sky-500' : 'bg-slate-400 dark:bg-slate-600'}`}
            >
              <span
                className={`absolute top-0.5 h-4 w-4 rounded-full bg-white shadow transition-[left] ${checked ? 'left-[1.125rem]' : 'left-0.5'}`}
              />
            </span>
          </span>
          <span className={labelText}>{label}</span>
        </label>
        <span translate="no" className={keyName}>
          {configKey}
        </span>
      </div>
      {help && (
        <div id={`${id}-hint`} className={hint}>
          {help}
        </div>
      )}
    </div>
  );
}

/**
 * A text value edited locally and applied on Enter or when focus leaves, so typing does not
 * reconfigure the world on every key. It follows `value` when that changes from outside.
 */
export function useDraft<T>(value: T, format: (v: T) => string = String) {
  const [draft, setDraft] = useState(() => format(value));
  const [seen, setSeen] = useState(value);
  if (!Object.is(seen, value)) {
    setSeen(value);
    setDraft(format(value));
  }
  return [draft, setDraft] as const;
}
