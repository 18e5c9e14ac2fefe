import { useTranslation } from 'react-i18next';
import type { Fate } from '../../../sim';
import type { CodeClass } from '../packet-index';

/** Colours of the packet log, the detail pane and the sequence view; ≥ 4.5:1 in both themes. */
export const TYPE_CLASS: Record<string, string> = {
  CON: 'bg-amber-100 text-amber-900 dark:bg-amber-400/15 dark:text-amber-200',
  NON: 'bg-slate-100 text-slate-700 dark:bg-slate-700/60 dark:text-slate-200',
  ACK: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-400/15 dark:text-emerald-200',
  RST: 'bg-rose-100 text-rose-900 dark:bg-rose-400/15 dark:text-rose-200',
};

export const CODE_CLASS: Record<CodeClass, string> = {
  request: 'text-sky-800 dark:text-sky-300',
  success: 'text-emerald-800 dark:text-emerald-300',
  error: 'text-rose-700 dark:text-rose-300',
  empty: 'text-slate-600 dark:text-slate-400',
  malformed: 'text-rose-700 dark:text-rose-300',
  other: 'text-slate-700 dark:text-slate-300',
};

/** A fate's badge: its words are `packets:fate.<key>` and `packets:fate.<key>.title`. */
const FATE: Record<Exclude<Fate, 'delivered'>, { key: string; cls: string }> = {
  lost: {
    key: 'lost',
    cls: 'bg-rose-100 text-rose-900 ring-rose-300 dark:bg-rose-500/15 dark:text-rose-200 dark:ring-rose-500/40',
  },
  duplicated: {
    key: 'duplicated',
    cls: 'bg-amber-100 text-amber-900 ring-amber-300 dark:bg-amber-400/15 dark:text-amber-200 dark:ring-amber-400/40',
  },
  external: {
    key: 'external',
    cls: 'bg-indigo-100 text-indigo-900 ring-indigo-300 dark:bg-indigo-400/15 dark:text-indigo-200 dark:ring-indigo-400/40',
  },
  captured: {
    key: 'captured',
    cls: 'bg-sky-100 text-sky-900 ring-sky-300 dark:bg-sky-400/15 dark:text-sky-200 dark:ring-sky-400/40',
  },
};

export function TypeBadge({ type }: { type: string | undefined }) {
  if (!type) return <span className="text-slate-600 dark:text-slate-400">?</span>;
  return (
    <span
      className={`inline-block rounded px-1 py-px text-[11px] leading-4 font-semibold ${TYPE_CLASS[type] ?? ''}`}
    >
      {type}
    </span>
  );
}

/** `server`: the datagram went to or came from a real CoAP server, not a real client. */
export function FateBadge({ fate, server = false }: { fate: Fate; server?: boolean }) {
  const { t } = useTranslation();
  if (fate === 'delivered') return null;
  const f = server && fate === 'external' ? { ...FATE.external, key: 'server' } : FATE[fate];
  return (
    <span
      title={t(`packets:fate.${f.key}.title`)}
      data-fate={fate}
      className={`inline-block rounded-full px-1.5 py-px text-[11px] leading-4 font-medium whitespace-nowrap ring-1 ring-inset ${f.cls}`}
    >
      {t(`packets:fate.${f.key}`)}
    </span>
  );
}

/** The ⚠ marker of a row whose answer differs from the document. */
export function DivergenceMarker({ count }: { count: number }) {
  const { t } = useTranslation();
  if (count === 0) return null;
  return (
    <span
      role="img"
      aria-label={t('packets:divergence.label')}
      className="mr-1 inline-block font-semibold text-amber-700 dark:text-amber-300"
      title={t('packets:divergence.title')}
      data-testid="divergence-marker"
    >
      ⚠
    </span>
  );
}
