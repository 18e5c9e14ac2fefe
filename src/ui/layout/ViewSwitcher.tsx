import { TabList } from '../kit/Tabs';

export const VIEWS = [
  { id: 'compose', label: 'Compose' },
  { id: 'traffic', label: 'Traffic' },
  { id: 'gateway', label: 'Gateway' },
] as const;

export type View = (typeof VIEWS)[number]['id'];

/**
 * The narrow page's switcher between its three views (the wide page shows them side by side):
 * tabs whose panels are the workbench's columns. It stays at the top of the screen while the
 * view under it scrolls.
 */
export function ViewSwitcher({
  view,
  onChange,
  base,
}: {
  view: View;
  onChange: (view: View) => void;
  /** The `useId` the columns' tabpanel ids are made from. */
  base: string;
}) {
  return (
    <nav
      aria-label="Views"
      className="sticky top-0 z-10 border-b border-slate-200 bg-white px-3 dark:border-slate-800 dark:bg-slate-900"
    >
      <TabList
        tabs={VIEWS}
        active={view}
        onChange={(id) => onChange(id as View)}
        label="Page view"
        base={base}
        className="mx-auto max-w-xl shadow-none! *:flex-1 dark:shadow-none!"
      />
    </nav>
  );
}
