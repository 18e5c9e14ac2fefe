import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RealPeer } from '../../sim';
import { endpointKey } from '../../wire/endpoint';
import { formatTime } from '../layout/format';
import { useMsg } from '../i18n/msg';
import { usePlayground } from '../state/store';

const link =
  'shrink-0 rounded px-1 font-medium whitespace-nowrap text-sky-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:text-sky-400';

/**
 * A real CoAP client (through the relay), read-only: where it is, the clientid and channel it
 * used, and its latest requests with the gateway's answers, each linked to its packet. What it
 * says is the world's record (sim/peers.ts); its text (paths, clientids) is untrusted and shown
 * as text.
 */
export const RealPeerCard = memo(function RealPeerCard({ peer }: { peer: RealPeer }) {
  const select = usePlayground((s) => s.selectPacket);
  const say = useMsg();
  const { t } = useTranslation();
  const address = endpointKey(peer.peer);
  return (
    <article
      aria-label={t('clients:real.card', { address })}
      data-testid="real-peer"
      data-peer={address}
      className="rounded-lg border border-slate-200 dark:border-slate-800"
    >
      <header className="flex flex-wrap items-center gap-x-2 gap-y-0.5 px-3 py-1.5">
        <span className="rounded bg-emerald-100 px-1 text-[10px] font-semibold text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100">
          {t('clients:real.badge')}
        </span>
        <h4 className="min-w-0 font-mono text-sm font-semibold break-all" translate="no">
          {address}
        </h4>
        <span className="text-[11px] text-slate-600 dark:text-slate-400">
          {t('clients:real.through')}
        </span>
      </header>
      <div className="space-y-1 border-t border-slate-200 px-3 py-1.5 text-xs dark:border-slate-800">
        <p className="text-slate-600 dark:text-slate-400">
          {t('clients:real.datagrams', { n: peer.datagrams, at: formatTime(peer.lastAt) })}
          {peer.clientId !== undefined && (
            <>
              {' '}
              · clientid{' '}
              <span
                className="font-mono break-all text-slate-800 dark:text-slate-200"
                translate="no"
              >
                {peer.clientId}
              </span>
            </>
          )}
          {peer.channel !== undefined && (
            <>
              {' '}
              · {t('clients:real.channel')}{' '}
              <span className="font-mono" translate="no">
                {peer.channel}
              </span>
            </>
          )}
        </p>
        <ol className="space-y-0.5" aria-label={t('clients:real.did', { address })}>
          {peer.recent.map((r) => (
            <li key={r.packet} className="flex items-start gap-1.5" data-testid="real-peer-request">
              <span className="min-w-0 flex-1 [overflow-wrap:anywhere]">
                <span className="font-mono text-[11px] text-slate-600 tabular-nums dark:text-slate-400">
                  {formatTime(r.at)}
                </span>{' '}
                {say(r.meaning) || say(r.line)}
                {r.reply && (
                  <span className="text-slate-600 dark:text-slate-400">
                    {' '}
                    → <span className="font-mono">{r.reply.code}</span>
                    {r.reply.outcome ? ` ${say(r.reply.outcome)}` : ''}
                  </span>
                )}
              </span>
              <button
                type="button"
                className={link}
                onClick={() => select(r.packet)}
                aria-label={t('clients:real.showPacket', { line: say(r.line) })}
                title={say(r.line)}
              >
                {t('clients:real.packet')}
              </button>
            </li>
          ))}
        </ol>
      </div>
    </article>
  );
});
