import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { codeName, parseCode } from '../../coap';
import type { Exchange, ExchangeState } from '../../sim';
import { formatTime } from '../layout/format';
import { endpointKey } from '../../wire/endpoint';

const STATE_STYLE: Record<ExchangeState, string> = {
  waiting: 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200',
  acknowledged: 'bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-100',
  answered: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-100',
  'timed-out': 'bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100',
  reset: 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100',
  refused: 'bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100',
};

/** Each state's word, for the badge (a literal per state, so the catalogue test sees each). */
const STATE_WORD: Record<ExchangeState, string> = {
  waiting: 'clients:exchange.state.waiting',
  acknowledged: 'clients:exchange.state.acknowledged',
  answered: 'clients:exchange.state.answered',
  'timed-out': 'clients:exchange.state.timed-out',
  reset: 'clients:exchange.state.reset',
  refused: 'clients:exchange.state.refused',
};

const codeTone = (code: string) =>
  code.startsWith('2')
    ? 'text-emerald-700 dark:text-emerald-300'
    : code.startsWith('4')
      ? 'text-amber-800 dark:text-amber-200'
      : 'text-red-700 dark:text-red-300';

const FIRST = 5;

/** A client's recent requests, newest first: what was sent and what came back. */
export function Exchanges({ exchanges }: { exchanges: Exchange[] }) {
  const [all, setAll] = useState(false);
  const { t } = useTranslation();
  if (exchanges.length === 0)
    return (
      <p className="text-[11px] text-slate-600 dark:text-slate-400">{t('clients:exchange.none')}</p>
    );
  const newest = [...exchanges].reverse();
  const shown = all ? newest : newest.slice(0, FIRST);
  return (
    <div>
      <ol
        aria-label={t('clients:exchange.list')}
        className="divide-y divide-slate-100 dark:divide-slate-800"
      >
        {/* Keyed by place, not by exchange: under a flood every render brings five new
            exchanges, and rows kept in place take their new texts, where rows keyed by id were
            five list items (forty elements) removed and five built, styled and laid out anew. */}
        {shown.map((ex, i) => (
          <ExchangeRow key={i} ex={ex} />
        ))}
      </ol>
      {newest.length > FIRST && (
        <button
          type="button"
          onClick={() => setAll((a) => !a)}
          className="mt-1 text-[11px] font-medium text-sky-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:text-sky-300"
        >
          {all ? t('clients:showFewer') : t('clients:showAll', { n: newest.length })}
        </button>
      )}
    </div>
  );
}

function ExchangeRow({ ex }: { ex: Exchange }) {
  const { t } = useTranslation();
  // A ping's summary is words, not a request line: said here, in the page's language.
  const summary =
    ex.request.code === 0 ? t('clients:exchange.ping', { type: ex.request.type }) : ex.summary;
  const code = ex.response ? parseCode(ex.response.code) : undefined;
  return (
    <li data-testid="exchange" data-exchange-id={ex.id} className="py-1 first:pt-0">
      <div className="flex items-baseline gap-2">
        <span
          className="min-w-0 flex-1 truncate font-mono text-[12px]"
          title={summary}
          translate={ex.request.code === 0 ? undefined : 'no'}
        >
          {summary}
          {ex.target && (
            <span className="text-slate-600 dark:text-slate-400" translate="no">
              {' '}
              → coap://{endpointKey(ex.target)}
            </span>
          )}
        </span>
        <span className={`shrink-0 rounded px-1 text-[10px] font-medium ${STATE_STYLE[ex.state]}`}>
          {t(STATE_WORD[ex.state])}
        </span>
      </div>
      {/* Wraps: in a narrow card the time goes to a line of its own rather than out of the card. */}
      <div className="flex flex-wrap items-baseline gap-x-2 text-[11px] text-slate-600 dark:text-slate-400">
        {ex.response ? (
          <>
            <span
              data-testid="exchange-code"
              translate="no"
              className={`shrink-0 font-medium ${codeTone(ex.response.code)}`}
            >
              {code !== undefined ? codeName(code) : ex.response.code}
            </span>
            {ex.response.payload && (
              <span
                data-testid="exchange-payload"
                translate="no"
                className="min-w-0 truncate font-mono text-slate-800 dark:text-slate-200"
                title={ex.response.payload}
              >
                {ex.response.payload}
              </span>
            )}
            {ex.response.observe !== undefined && (
              <span className="shrink-0">
                {t('clients:exchange.observe', { seq: String(ex.response.observe) })}
              </span>
            )}
          </>
        ) : (
          <span>
            {ex.state === 'refused'
              ? t('clients:exchange.notSent')
              : ex.state === 'timed-out'
                ? t('clients:exchange.noResponse')
                : ex.state === 'reset'
                  ? 'RST'
                  : t('clients:exchange.noResponseYet')}
          </span>
        )}
        {(ex.observing || ex.notifications > 0) && (
          <span className="shrink-0">
            {t('clients:exchange.notifications', {
              observing: ex.observing ? 'yes' : 'no',
              n: ex.notifications,
            })}
          </span>
        )}
        <span
          className="ml-auto shrink-0 font-mono"
          // A time and the exchange's ids (its token in hex): data, kept as they are.
          translate="no"
          title={t('clients:exchange.ids', { token: ex.token, mid: String(ex.messageId) })}
        >
          {formatTime(ex.sentAt)}
        </span>
      </div>
      {ex.error && (
        <p
          data-testid="exchange-error"
          role="alert"
          className="text-[11px] break-words text-red-700 dark:text-red-300"
        >
          {t('clients:exchange.refused', { error: ex.error })}
        </p>
      )}
      {ex.lastNotification && (
        <div className="flex items-baseline gap-2 text-[11px] text-slate-600 dark:text-slate-400">
          <span className="shrink-0">
            {t('clients:exchange.latest', { type: ex.lastNotification.type })}
          </span>
          <span
            data-testid="exchange-notification"
            translate="no"
            className="min-w-0 truncate font-mono text-slate-800 dark:text-slate-200"
            title={ex.lastNotification.payload}
          >
            {ex.lastNotification.payload}
          </span>
        </div>
      )}
    </li>
  );
}
