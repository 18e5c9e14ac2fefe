import { useRef } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import type { ChannelView } from '../../worker/api';
import { CopyButton } from '../kit/CopyButton';
import { endpointKey } from '../../wire/endpoint';
import { formatTime } from '../layout/format';
import { useOnScreen } from '../state/useVirtualNow';
import { KeepAliveMeter } from './KeepAliveMeter';
import { ChannelStory } from './ChannelStory';

export const badge =
  'inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-[11px] font-semibold whitespace-nowrap';

/**
 * One gateway channel (gateway-behaviour §1.1): who it is, where it is, how long it has left, what it observes.
 * A `lazy` card (one of many) far off screen keeps only its header, at the height it had: dozens
 * of real peers have a card each, and every snapshot (several a second) would re-render and lay
 * out them all while the page's main thread competes with the gateway for the CPU.
 */
export function ChannelCard({
  channel: ch,
  lazy = false,
}: {
  channel: ChannelView;
  lazy?: boolean;
}) {
  const { t } = useTranslation();
  const headingId = `channel-${ch.id}`;
  const root = useRef<HTMLElement>(null);
  const seen = useOnScreen(root, '50% 0px');
  const on = !lazy || seen.on;
  return (
    <article
      ref={root}
      aria-labelledby={headingId}
      data-testid="channel-card"
      data-channel={ch.id}
      style={on ? undefined : { minHeight: seen.height }}
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-700 dark:bg-slate-900"
    >
      <header className="space-y-1">
        <div className="flex items-start justify-between gap-2">
          <h3 id={headingId} className="min-w-0 font-mono text-sm font-semibold break-all">
            {ch.clientId ? (
              <span translate="no">{ch.clientId}</span>
            ) : (
              <span className="font-sans font-normal text-slate-600 italic dark:text-slate-400">
                {t('connections:card.noClientId')}
              </span>
            )}
          </h3>
          <div className="flex shrink-0 gap-1">
            <span
              className={`${badge} ${
                ch.mode === 'connection'
                  ? 'bg-violet-100 text-violet-800 dark:bg-violet-900/60 dark:text-violet-200'
                  : 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300'
              }`}
              title={
                ch.mode === 'connection'
                  ? t('connections:card.mode.connection.title')
                  : t('connections:card.mode.connectionless.title')
              }
            >
              {ch.mode === 'connection'
                ? t('connections:card.mode.connection')
                : t('connections:card.mode.connectionless')}
            </span>
            <StateBadge state={ch.state} mode={ch.mode} />
          </div>
        </div>
        <p className="text-xs text-slate-600 dark:text-slate-400">
          <span className="font-mono" translate="no">
            {ch.id}
          </span>{' '}
          · {t('connections:card.opened', { at: formatTime(ch.createdAt) })}
        </p>
      </header>
      {on ? (
        <Details channel={ch} />
      ) : (
        <p className="text-xs text-slate-600 dark:text-slate-400">{t('connections:card.lazy')}</p>
      )}
    </article>
  );
}

function Details({ channel: ch }: { channel: ChannelView }) {
  const { t } = useTranslation();
  return (
    <>
      <dl className="grid grid-cols-[6.5rem_minmax(0,1fr)] gap-x-2 gap-y-1.5 text-xs">
        <dt className="text-slate-600 dark:text-slate-400">{t('connections:card.token')}</dt>
        <dd className="flex min-w-0 items-center gap-2">
          {ch.token ? (
            <>
              <span
                className="font-mono text-[13px] break-all"
                data-testid="channel-token"
                translate="no"
              >
                {ch.token}
              </span>
              <CopyButton
                text={ch.token}
                label={t('connections:card.copyToken', { clientId: ch.clientId })}
              />
            </>
          ) : (
            <span className="text-slate-600 dark:text-slate-400">
              {ch.mode === 'connection' ? (
                <Trans
                  i18nKey="connections:card.token.noneYet"
                  components={{ request: <span translate="no">POST /mqtt/connection</span> }}
                />
              ) : (
                t('connections:card.token.notNeeded')
              )}
            </span>
          )}
        </dd>
        <dt className="text-slate-600 dark:text-slate-400">{t('connections:card.peer')}</dt>
        <dd className="min-w-0">
          <span className="font-mono text-[13px]" translate="no">
            {endpointKey(ch.peer)}
          </span>{' '}
          {/* One block: "simulated sensor" moves to the next line whole rather than split. */}
          <span className="inline-block text-slate-600 dark:text-slate-400">
            {ch.simulated ? (
              <>
                · {t('connections:card.simulated')}{' '}
                <span className="font-medium text-slate-800 dark:text-slate-200" translate="no">
                  {ch.client}
                </span>
              </>
            ) : (
              `· ${t('connections:card.realPeer')}`
            )}
          </span>
        </dd>
        <dt className="text-slate-600 dark:text-slate-400">{t('connections:card.mountpoint')}</dt>
        <dd className="min-w-0 font-mono text-[13px] break-all">
          {ch.mountpoint ? (
            <span translate="no">{ch.mountpoint}</span>
          ) : (
            <span className="font-sans text-slate-600 dark:text-slate-400">
              {t('connections:card.none')}
            </span>
          )}
        </dd>
        {ch.username !== undefined && (
          <>
            <dt className="text-slate-600 dark:text-slate-400">{t('connections:card.username')}</dt>
            <dd className="min-w-0 font-mono text-[13px] break-all" translate="no">
              {ch.username}
            </dd>
          </>
        )}
      </dl>

      <KeepAliveMeter channel={ch} />

      <Observations channel={ch} />

      <section
        aria-label={t('connections:card.storyOf', { name: ch.clientId || ch.id })}
        className="space-y-1"
      >
        <h4 className="text-xs font-semibold text-slate-700 dark:text-slate-300">
          {t('connections:card.story')}
        </h4>
        <ChannelStory story={ch.story} channel={ch.id} />
      </section>

      <p className="flex flex-wrap gap-x-3 gap-y-1 border-t border-slate-100 pt-2 text-xs text-slate-600 dark:border-slate-800 dark:text-slate-400">
        <span>
          {t('connections:card.queued')} <Num>{ch.queued}</Num>
        </span>
        <span title={t('connections:card.inflight.title')}>
          {t('connections:card.inflight')}{' '}
          {ch.inflight !== undefined ? (
            <Num>MID {ch.inflight}</Num>
          ) : (
            <Num>{t('connections:card.none')}</Num>
          )}
        </span>
        <span>
          {t('connections:card.notificationsSent')} <Num>{ch.notificationsSent}</Num>
        </span>
        {ch.dropped > 0 && (
          <span className="text-rose-700 dark:text-rose-400">
            {t('connections:card.dropped')} <Num>{ch.dropped}</Num>
          </span>
        )}
      </p>
    </>
  );
}

function Num({ children }: { children: ReactNode }) {
  return (
    <span className="font-mono font-semibold text-slate-800 tabular-nums dark:text-slate-200">
      {children}
    </span>
  );
}

/** Each state's word (a literal per state, so the catalogue test sees each). */
const STATE_WORD: Record<ChannelView['state'], string> = {
  idle: 'connections:card.state.idle',
  connected: 'connections:card.state.connected',
  closed: 'connections:card.state.closed',
};

function StateBadge({ state, mode }: { state: ChannelView['state']; mode: ChannelView['mode'] }) {
  const { t } = useTranslation();
  if (state === 'connected')
    return (
      <span
        className={`${badge} bg-emerald-100 text-emerald-800 dark:bg-emerald-900/60 dark:text-emerald-200`}
      >
        <span aria-hidden="true" className="h-1.5 w-1.5 rounded-full bg-emerald-500" />
        {t(STATE_WORD.connected)}
      </span>
    );
  return (
    <span
      className={`${badge} bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-100`}
      title={
        mode === 'connectionless'
          ? t('connections:card.state.connectionless.title')
          : t('connections:card.state.idle.title', {
              request: 'POST /mqtt/connection?clientid=…',
            })
      }
    >
      <span aria-hidden="true" className="h-1.5 w-1.5 rounded-full bg-amber-500" />
      {t(STATE_WORD[state])}
    </span>
  );
}

function Observations({ channel: ch }: { channel: ChannelView }) {
  const { t } = useTranslation();
  if (ch.observes.length === 0)
    return (
      <p className="text-xs text-slate-600 dark:text-slate-400">
        {t('connections:observing.none')}
      </p>
    );
  return (
    <div>
      <h4 className="mb-1 text-xs font-semibold text-slate-700 dark:text-slate-300">
        {t('connections:observing.title', { n: ch.observes.length })}
      </h4>
      <table className="w-full table-fixed text-left text-xs">
        <thead className="text-slate-600 dark:text-slate-400">
          <tr>
            <th scope="col" className="w-[34%] py-0.5 font-medium">
              {t('connections:observing.topic')}
            </th>
            <th scope="col" className="w-[24%] py-0.5 font-medium">
              {t('connections:card.token')}
            </th>
            <th scope="col" className="py-0.5 font-medium">
              QoS
            </th>
            <th scope="col" className="py-0.5 font-medium">
              {t('connections:observing.seq')}
            </th>
            <th scope="col" className="py-0.5 text-right font-medium">
              {t('connections:observing.sent')}
            </th>
          </tr>
        </thead>
        <tbody className="font-mono text-[12px]">
          {ch.observes.map((o) => (
            <tr
              key={o.filter}
              className="border-t border-slate-100 align-top dark:border-slate-800"
            >
              <td className="py-1 pr-1 break-all">
                <span translate="no">{o.topic}</span>
                {o.filter !== o.topic && (
                  <span className="block text-[11px] text-slate-600 dark:text-slate-400">
                    {t('connections:observing.mounted')} <span translate="no">{o.filter}</span>
                  </span>
                )}
              </td>
              <td className="py-1 pr-1 break-all" title={t('connections:observing.token.title')}>
                <span translate="no">{o.token || '—'}</span>
              </td>
              <td className="py-1">{o.qos}</td>
              <td className="py-1 tabular-nums">{o.seq}</td>
              <td className="py-1 text-right tabular-nums">{o.notifications}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
