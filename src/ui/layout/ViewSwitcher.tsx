import { useTranslation } from 'react-i18next';
import { TabList } from '../kit/Tabs';

export const VIEWS = ['compose', 'traffic', 'gateway'] as const;

export type View = (typeof VIEWS)[number];

const LABELS: Record<View, string> = {
  compose: 'shell:view.compose',
  traffic: 'shell:view.traffic',
  gateway: 'shell:view.gateway',
};

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
  const { t } = useTranslation();
  return (
    <nav
      aria-label={t('shell:views.nav')}
      className="sticky top-0 z-10 border-b border-slate-200 bg-white px-3 dark:border-slate-800 dark:bg-slate-900"
    >
      <TabList
        tabs={VIEWS.map((id) => ({ id, label: t(LABELS[id]) }))}
        active={view}
        onChange={(id) => onChange(id as View)}
        label={t('shell:views.tabs')}
        base={base}
        className="mx-auto max-w-xl shadow-none! *:flex-1 dark:shadow-none!"
      />
    </nav>
  );
}
