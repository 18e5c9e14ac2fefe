import { useTranslation } from 'react-i18next';
import { formatTime } from './format';
import { CODE_CLASS, TYPE_CLASS } from '../packets/detail/badges';
import { packetIndex, useJournalVersion } from '../packets/packets-store';
import { isInbound, rowWhat } from '../packets/packet-index';
import { meaningText } from '../packets/meaning-text';

/**
 * The newest datagram of the packet log, in one line, for the narrow page's compose view: what
 * the request just sent did, without leaving the composer. Pressing it opens that packet in the
 * Traffic view. Re-renders with every journal batch; mounted only while the page is narrow.
 */
export function LatestPacket({ onShow }: { onShow: (seq: number) => void }) {
  const { t } = useTranslation();
  useJournalVersion();
  // The meaning is rendered in the page's language: a switch renders it again.
  useTranslation();
  const rows = packetIndex.rows;
  const row = rows.at(rows.length - 1);
  if (!row)
    return (
      <p data-testid="latest-packet" className="text-xs text-slate-600 dark:text-slate-400">
        {t('shell:latest.empty')}
      </p>
    );
  const e = row.entry;
  const s = e.summary;
  const inbound = isInbound(row);
  const what = rowWhat(row);
  return (
    <button
      type="button"
      data-testid="latest-packet"
      data-seq={e.seq}
      onClick={() => onShow(e.seq)}
      className="grid w-full min-w-0 grid-cols-[auto_minmax(0,1fr)_auto] items-baseline gap-x-2 rounded-md border border-slate-200 bg-slate-50 px-2 py-1 text-left text-xs hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:border-slate-700 dark:bg-slate-800 dark:hover:bg-slate-700"
    >
      <span className="sr-only">{t('shell:latest.open')}</span>
      <span className="font-mono text-[11px] text-slate-600 tabular-nums dark:text-slate-400">
        {formatTime(e.at)}
      </span>
      <span className="flex min-w-0 items-baseline gap-1.5">
        <span
          aria-label={inbound ? t('shell:latest.to-gateway') : t('shell:latest.from-gateway')}
          className={`font-semibold ${inbound ? 'text-sky-700 dark:text-sky-300' : 'text-violet-700 dark:text-violet-300'}`}
        >
          {inbound ? '→' : '←'}
        </span>
        <span translate="no" className="max-w-[30%] shrink-0 truncate font-medium">
          {row.peer}
        </span>
        <span
          className={`shrink-0 rounded px-1 text-[11px] leading-4 font-semibold ${s.type ? TYPE_CLASS[s.type] : ''}`}
        >
          {s.type ?? '?'}
        </span>
        <span translate="no" className={`min-w-0 truncate font-mono ${CODE_CLASS[row.codeClass]}`}>
          {what}
        </span>
      </span>
      <span aria-hidden="true" className="font-medium text-sky-700 dark:text-sky-300">
        {t('shell:latest.traffic')}
      </span>
      <span className="col-span-3 truncate text-slate-800 dark:text-slate-200">
        {meaningText(row)}
      </span>
    </button>
  );
}
