import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { i18n } from '../../i18n/i18n';
import { formatTime } from '../../layout/format';
import { CODE_CLASS, DivergenceMarker, FateBadge, TYPE_CLASS } from '../detail/badges';
import { isInbound } from '../packet-index';
import type { PacketRow } from '../packet-index';
import { packetIndex } from '../packets-store';
import { methodOf } from '../../../coap';
import {
  CELL,
  COLUMNS,
  MEANING_START,
  ROW_CLASS,
  ROW_STATE,
  TIME_CELL,
  TIME_NUMBER,
  rowId,
} from './row-styles';
import { ROW_H } from './scroller';

interface RowProps {
  row: PacketRow;
  /** Passed apart from `row`: a request's meaning gains its outcome when the reply arrives. */
  meaning: string;
  index: number;
  top: number;
  selected: boolean;
  onSelect: (row: PacketRow) => void;
}

/**
 * Why a datagram did not decode, in words: the summary's error is the codec's reason and offset
 * (`token-length-reserved at byte 0`), told as the decoder tells it.
 */
function malformedTitle(error: string | undefined, t: TFunction): string | undefined {
  const m = /^(\S+) at byte (\d+)$/.exec(error ?? '');
  if (!m || !i18n.exists(`decode:error.${m[1]}`)) return error;
  return t('packets:row.malformed.title', { offset: m[2], rule: t(`decode:error.${m[1]}`) });
}

/** The code-and-path cell: `GET /ps/coap/test` for a request, `2.05 Content` for the rest. */
function CodeAndPath({ row }: { row: PacketRow }) {
  const { t } = useTranslation();
  const s = row.entry.summary;
  const colour = CODE_CLASS[row.codeClass];
  // A code and a path are wire data; "malformed" is a word, its decode error's reason data.
  if (row.codeClass !== 'request')
    return (
      <div
        role="gridcell"
        className={`${CELL} ${colour}`}
        title={s.ok ? s.code : malformedTitle(s.error, t)}
        translate={s.ok ? 'no' : undefined}
      >
        {s.ok ? s.code : t('packets:row.malformed')}
      </div>
    );
  return (
    <div
      role="gridcell"
      className={`${CELL} text-slate-800 dark:text-slate-200`}
      title={`${s.code} ${s.path}`}
      translate="no"
    >
      <span className={`font-semibold ${colour}`}>{methodOf(s.code)}</span> {s.path}
    </div>
  );
}

/**
 * One datagram of the log, drawn in full: ten cells on two lines. Memoized: a batch of new rows
 * or a scroll re-renders only the rows whose props changed.
 */
export const LogRow = memo(function LogRow({
  row,
  meaning,
  index,
  top,
  selected,
  onSelect,
}: RowProps) {
  const { t } = useTranslation();
  const e = row.entry;
  const s = e.summary;
  const inbound = isInbound(row);
  const direction = `${inbound ? 'to' : 'from'}-${row.server ? 'server' : 'gateway'}`;
  const common = {
    role: 'row',
    id: rowId(e.seq),
    'aria-rowindex': index + 2,
    'aria-selected': selected,
    'data-seq': e.seq,
    onClick: () => onSelect(row),
    style: { height: ROW_H, transform: `translateY(${top}px)` },
  };
  return (
    <div
      {...common}
      className={`${ROW_CLASS} ${COLUMNS} content-center ${selected ? ROW_STATE.selected : ROW_STATE.unselected}`}
    >
      <div
        role="gridcell"
        className={`${CELL} ${TIME_CELL} text-[11px] text-slate-600 tabular-nums dark:text-slate-400`}
      >
        {formatTime(e.at)}
        <span className={TIME_NUMBER} data-testid="packet-number">
          #{packetIndex.numberOf(row)}
        </span>
      </div>
      <div
        role="gridcell"
        aria-label={t(`packets:row.${direction}`)}
        className={`${CELL} text-center font-sans font-semibold ${inbound ? 'text-sky-700 dark:text-sky-300' : 'text-violet-700 dark:text-violet-300'}`}
        title={t(`packets:row.${direction}.title`, { server: row.server })}
      >
        {inbound ? '→' : '←'}
      </div>
      <div
        role="gridcell"
        className={`${CELL} font-sans font-medium text-slate-800 dark:text-slate-200`}
        title={row.peer}
        translate="no"
      >
        {row.peer}
      </div>
      <div
        role="gridcell"
        className={`self-center justify-self-start rounded px-1 text-[11px] leading-4 font-semibold ${s.type ? TYPE_CLASS[s.type] : 'text-slate-600 dark:text-slate-400'}`}
      >
        {s.type ?? '?'}
      </div>
      <div role="gridcell" className={`${CELL} text-slate-700 tabular-nums dark:text-slate-300`}>
        {s.messageId ?? ''}
      </div>
      <div
        role="gridcell"
        className={`${CELL} text-amber-800 dark:text-amber-300`}
        title={
          s.token ? t('packets:row.token.title', { token: s.token }) : t('packets:row.no-token')
        }
        translate="no"
      >
        {s.token || <span className="text-slate-600 dark:text-slate-400">–</span>}
      </div>
      <CodeAndPath row={row} />
      <div
        role="gridcell"
        className={`${CELL} text-right text-slate-600 tabular-nums dark:text-slate-400`}
        title={t('packets:row.len.title', { n: s.payloadLength ?? 0 })}
      >
        {s.payloadLength ?? 0}
      </div>
      <div className={`${MEANING_START} col-end-[-1] flex min-w-0 items-center gap-2`}>
        <div
          role="gridcell"
          className="min-w-0 flex-1 truncate text-[13px] leading-5 text-slate-900 dark:text-slate-100"
          title={meaning}
          data-testid="packet-meaning"
        >
          <DivergenceMarker count={row.notes.length} />
          {meaning}
        </div>
        <div role="gridcell" className="shrink-0 leading-5">
          <FateBadge fate={e.fate} server={row.server !== undefined} />
        </div>
      </div>
    </div>
  );
});
