import { useId, useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';

export interface Tab {
  id: string;
  label: string;
  content: ReactNode;
}

/** The ids that tie a tab to its panel, under one `base` from `useId`. */
export const tabIds = (base: string, id: string) => ({
  tab: `${base}-tab-${id}`,
  panel: `${base}-panel-${id}`,
});

/**
 * The row of tabs (WAI-ARIA tabs pattern): arrow keys move between tabs, Home/End jump. Tabs
 * wider than the row wrap onto a second line rather than widen the page or scroll out of sight
 * (five gateway tabs in a 1280-px page's column: a Lessons tab scrolled away is not found). Its
 * base line is an inset shadow, which the active tab's border covers without a negative margin.
 */
export function TabList({
  tabs,
  active,
  onChange,
  label,
  base,
  className = '',
}: {
  tabs: readonly { id: string; label: string }[];
  active: string;
  onChange: (id: string) => void;
  label: string;
  /** From `useId`: the panels' ids are `tabIds(base, id).panel`. */
  base: string;
  className?: string;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const index = Math.max(
    0,
    tabs.findIndex((t) => t.id === active),
  );
  const onKey = (e: KeyboardEvent) => {
    const next =
      e.key === 'ArrowRight'
        ? index + 1
        : e.key === 'ArrowLeft'
          ? index - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? tabs.length - 1
              : undefined;
    if (next === undefined) return;
    e.preventDefault();
    const i = (next + tabs.length) % tabs.length;
    onChange(tabs[i].id);
    refs.current[i]?.focus();
  };
  return (
    <div
      role="tablist"
      aria-label={label}
      className={`flex flex-wrap gap-x-1 shadow-[inset_0_-1px_0_var(--color-slate-200)] dark:shadow-[inset_0_-1px_0_var(--color-slate-800)] ${className}`}
      onKeyDown={onKey}
    >
      {tabs.map((t, i) => (
        <button
          key={t.id}
          ref={(el) => {
            refs.current[i] = el;
          }}
          role="tab"
          id={tabIds(base, t.id).tab}
          aria-selected={i === index}
          aria-controls={tabIds(base, t.id).panel}
          tabIndex={i === index ? 0 : -1}
          onClick={() => onChange(t.id)}
          className={`shrink-0 rounded-t-md border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:ring-inset ${
            i === index
              ? 'border-sky-600 text-sky-700 dark:border-sky-400 dark:text-sky-300'
              : 'border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100'
          }`}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

/** Accessible tabs: a TabList and the active tab's panel (the others are not mounted). */
export function Tabs({
  tabs,
  active,
  onChange,
  label,
}: {
  tabs: Tab[];
  active: string;
  onChange: (id: string) => void;
  label: string;
}) {
  const base = useId();
  const current = tabs.find((t) => t.id === active) ?? tabs[0];
  return (
    <div className="flex min-h-0 flex-col">
      <TabList tabs={tabs} active={current.id} onChange={onChange} label={label} base={base} />
      <div
        role="tabpanel"
        id={tabIds(base, current.id).panel}
        aria-labelledby={tabIds(base, current.id).tab}
        className="min-h-0 min-w-0 flex-1 pt-3"
      >
        {current.content}
      </div>
    </div>
  );
}
