import { useState } from 'react';
import type { ReactNode } from 'react';

interface Row<T> {
  key: number;
  value: T;
}

/**
 * An editable list of rows (users, deny rules): edits stay local until focus leaves a row input,
 * a row is added or removed; then the complete rows are committed. When the committed list changes
 * from elsewhere (a restart, a loaded link), the rows follow it.
 */
export function useRows<T>(
  committed: readonly T[],
  complete: (v: T) => boolean,
  commit: (rows: T[]) => void,
) {
  // Each row keeps the key it was made with, so its inputs (and their focus) stay while rows
  // around it come and go; `next` is the key the next new row gets.
  const [drafts, setDrafts] = useState(() => ({
    rows: numbered(committed, 0),
    next: committed.length,
  }));
  const rows = drafts.rows;
  const [seen, setSeen] = useState(() => JSON.stringify(committed));
  const json = JSON.stringify(committed);
  if (json !== seen) {
    setSeen(json);
    // Our own commit comes back as the same complete rows: keep the drafts (and their focus).
    const mine = JSON.stringify(rows.map((r) => r.value).filter(complete));
    if (mine !== json)
      setDrafts({
        rows: numbered(committed, drafts.next),
        next: drafts.next + committed.length,
      });
  }
  const setRows = (next: Row<T>[]) => setDrafts((d) => ({ ...d, rows: next }));
  const send = (next: Row<T>[]) => {
    const values = next.map((r) => r.value).filter(complete);
    if (JSON.stringify(values) !== json) commit(values);
  };
  const replace = (key: number, value: T) => rows.map((r) => (r.key === key ? { key, value } : r));
  return {
    rows,
    update: (key: number, value: T) => setRows(replace(key, value)),
    /** For choices (a select): no typing to wait for, so commit at once. */
    updateNow: (key: number, value: T) => {
      const next = replace(key, value);
      setRows(next);
      send(next);
    },
    add: (value: T) =>
      setDrafts((d) => ({ rows: [...d.rows, { key: d.next, value }], next: d.next + 1 })),
    remove: (key: number) => {
      const next = rows.filter((r) => r.key !== key);
      setRows(next);
      send(next);
    },
    flush: () => send(rows),
  };
}

/** `values` as rows keyed from `first` on. */
function numbered<T>(values: readonly T[], first: number): Row<T>[] {
  return values.map((value, i) => ({ key: first + i, value }));
}

export function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button
      type="button"
      onClick={onClick}
      aria-label={label}
      title={label}
      className="inline-flex h-7 w-7 shrink-0 items-center justify-center rounded-md text-slate-600 hover:bg-rose-50 hover:text-rose-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:text-slate-400 dark:hover:bg-rose-950 dark:hover:text-rose-300"
    >
      <svg aria-hidden="true" viewBox="0 0 16 16" className="h-3.5 w-3.5">
        <path
          d="M4 4l8 8M12 4l-8 8"
          stroke="currentColor"
          strokeWidth="1.8"
          strokeLinecap="round"
        />
      </svg>
    </button>
  );
}

export function AddButton({ children, onClick }: { children: ReactNode; onClick: () => void }) {
  return (
    <button
      type="button"
      onClick={onClick}
      className="inline-flex items-center gap-1 rounded-md border border-dashed border-slate-400 px-2 py-1 text-xs font-medium text-slate-700 hover:border-sky-500 hover:text-sky-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:border-slate-600 dark:text-slate-300 dark:hover:text-sky-300"
    >
      <span aria-hidden="true">+</span>
      {children}
    </button>
  );
}
