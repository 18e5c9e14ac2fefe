import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { WorldSnapshot } from '../../worker/api';
import { disclosure, emptyNote, sectionHeading } from '../kit/styles';
import { formatTime } from '../layout/format';
import { useMsg } from '../i18n/msg';
import { useSnapshot } from '../state/playground';
import { ChannelCard, badge } from './ChannelCard';
import { explainClose } from './closeReasons';
import { ChannelStory } from './ChannelStory';

const CLOSED_SHOWN = 8;
/** With more live channels than this, cards far off screen show only their header. */
const FULL_CARDS = 12;

/**
 * The gateway's live channels, one card each, with a keep-alive countdown that runs on virtual
 * time, and the channels that closed recently with the reason in one line.
 */
export function Connections() {
  const snapshot = useSnapshot();
  const { t } = useTranslation();
  if (!snapshot)
    return <p className="text-sm text-slate-600 dark:text-slate-400">{t('connections:loading')}</p>;
  const channels = snapshot.channels.filter((c) => c.state !== 'closed');
  return (
    <div className="space-y-4">
      <p className="text-xs text-slate-600 dark:text-slate-400">
        {t('connections:summary', {
          n: channels.length,
          mode: snapshot.config.connection_required ? 'connection' : 'connectionless',
          heartbeat: String(snapshot.config.heartbeat),
        })}
      </p>
      {channels.length === 0 ? (
        <EmptyState connectionRequired={snapshot.config.connection_required} />
      ) : (
        <div className="space-y-3" aria-label={t('connections:live')} role="list">
          {channels.map((ch) => (
            <div role="listitem" key={ch.id}>
              <ChannelCard channel={ch} lazy={channels.length > FULL_CARDS} />
            </div>
          ))}
        </div>
      )}
      <RecentlyClosed closed={snapshot.closed} heartbeat={snapshot.config.heartbeat} />
    </div>
  );
}

function EmptyState({ connectionRequired }: { connectionRequired: boolean }) {
  return (
    <div className={emptyNote}>
      <Trans
        i18nKey={
          connectionRequired ? 'connections:empty.connection' : 'connections:empty.connectionless'
        }
        components={{
          request: (
            <code
              className="font-mono text-[13px] text-slate-800 dark:text-slate-200"
              translate="no"
            >
              {connectionRequired ? 'POST /mqtt/connection?clientid=dev1' : 'GET /ps/coap/test'}
            </code>
          ),
        }}
      />
    </div>
  );
}

function RecentlyClosed({
  closed,
  heartbeat,
}: {
  closed: WorldSnapshot['closed'];
  heartbeat: number;
}) {
  const [all, setAll] = useState(false);
  const say = useMsg();
  const { t } = useTranslation();
  if (closed.length === 0) return null;
  const shown = all ? closed : closed.slice(0, CLOSED_SHOWN);
  return (
    <section aria-labelledby="recently-closed" className="space-y-2">
      <h3 id="recently-closed" className={sectionHeading}>
        {t('connections:closed.title')}
      </h3>
      <ul
        className="divide-y divide-slate-100 rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-700"
        data-testid="closed-list"
      >
        {shown.map((c) => {
          const why = explainClose(c.reason, heartbeat, t);
          return (
            <li
              key={`${c.channel}-${c.at}`}
              className="space-y-0.5 px-3 py-2 text-xs"
              data-testid="closed-channel"
              data-reason={c.reason}
            >
              <div className="flex items-center justify-between gap-2">
                <span
                  className="min-w-0 font-mono font-semibold break-all text-slate-800 dark:text-slate-200"
                  translate="no"
                >
                  {c.clientId || c.channel}
                </span>
                <span className="flex shrink-0 items-center gap-2">
                  <span className={`${badge} ${reasonTone(c.reason)}`}>{why.label}</span>
                  <span className="font-mono text-slate-600 tabular-nums dark:text-slate-400">
                    {formatTime(c.at)}
                  </span>
                </span>
              </div>
              <p className="text-slate-700 dark:text-slate-300">
                <Trans
                  i18nKey={why.text.key}
                  values={why.text.values}
                  components={{ code: <span translate="no" /> }}
                />
              </p>
              {c.detail && (
                <p className="text-slate-600 dark:text-slate-400">
                  <span className="font-mono" translate="no">
                    {c.channel}
                  </span>
                  : {say(c.detail)}
                </p>
              )}
              {c.story && c.story.items.length > 0 && (
                <details className="pt-1">
                  <summary className={disclosure}>
                    {t('connections:closed.story', { n: c.story.items.length })}
                  </summary>
                  <div className="pt-1.5 pl-1">
                    <ChannelStory story={c.story} channel={c.channel} all />
                  </div>
                </details>
              )}
            </li>
          );
        })}
      </ul>
      {closed.length > CLOSED_SHOWN && (
        <button
          type="button"
          onClick={() => setAll((v) => !v)}
          className="text-xs font-medium text-sky-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:text-sky-400"
        >
          {all ? t('connections:showFewer') : t('connections:showAll', { n: closed.length })}
        </button>
      )}
    </section>
  );
}

function reasonTone(reason: string): string {
  switch (reason) {
    case 'keepalive-timeout':
      return 'bg-rose-100 text-rose-800 dark:bg-rose-900/60 dark:text-rose-200';
    case 'deleted':
      return 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300';
    case 'login-failed':
    case 'crashed':
      return 'bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-100';
    default:
      return 'bg-violet-100 text-violet-800 dark:bg-violet-900/60 dark:text-violet-200';
  }
}
