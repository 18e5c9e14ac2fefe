import { useRef } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { alertPill } from '../kit/styles';
import { smallButton } from '../kit/controls';
import { useSnapshot } from '../state/playground';
import { endpointKey } from '../../wire/endpoint';
import { renderMsg } from '../i18n/msg';

/**
 * The relay's state in the header: whether real CoAP clients can reach the gateway in this page,
 * at which UDP address, and a warning when the clock does not run at ×1 while real peers are
 * connected (they live in real time).
 */
export function RelayStatus() {
  const { t } = useTranslation();
  const snap = useSnapshot((s) => ({
    relay: s.relay,
    realPeers: s.channels.filter((c) => !c.simulated).length,
    clockRate: s.clockRate,
  }));
  if (!snap) return null;
  const { relay, realPeers } = snap;
  let dot = 'bg-slate-400';
  let text: string;
  let title: string;
  switch (relay.state) {
    case 'attached': {
      const a = endpointKey(relay.coap);
      dot = 'bg-emerald-500';
      text = relay.takenBackFrom
        ? t('shell:relay.attached-back', { address: a })
        : t('shell:relay.attached', { address: a });
      title = relay.takenBackFrom
        ? t('shell:relay.attached-back-title', { address: a, from: relay.takenBackFrom })
        : t('shell:relay.attached-title', { address: a });
      break;
    }
    case 'connecting':
      text = t('shell:relay.connecting');
      title = t('shell:relay.connecting-title');
      break;
    case 'taken-over':
      dot = 'bg-amber-500';
      text = relay.waiting ? t('shell:relay.taken-waiting') : t('shell:relay.taken');
      title = relay.waiting ? t('shell:relay.taken-waiting-title') : t('shell:relay.taken-title');
      break;
    case 'unavailable':
      text = t('shell:relay.none');
      title = t('shell:relay.unavailable-title', {
        reason: renderMsg(relay.reason, t),
        s: Math.round(relay.retryIn / 1000),
      });
      break;
    default:
      text = t('shell:relay.none');
      title = t('shell:relay.no-link');
  }
  const warn = relay.state === 'attached' && realPeers > 0 && snap.clockRate !== 1;
  if (relay.state === 'unavailable') return <NoRelay title={title} />;
  return (
    <div className="flex items-center gap-2 text-xs" data-testid="relay-status">
      <span
        className="inline-flex items-center gap-1.5 rounded-full border border-slate-300 px-2 py-0.5 dark:border-slate-700"
        title={title}
      >
        <span aria-hidden="true" className={`h-2 w-2 rounded-full ${dot}`} />
        <span>{text}</span>
        {relay.state === 'attached' && realPeers > 0 && (
          <span className="text-slate-600 dark:text-slate-400">
            {t('shell:relay.peers', { n: realPeers })}
          </span>
        )}
      </span>
      {warn && (
        <span role="alert" className={alertPill}>
          {snap.clockRate === 0
            ? t('shell:relay.clock-paused')
            : t('shell:relay.clock-rate', { rate: `×${snap.clockRate}` })}
        </span>
      )}
    </div>
  );
}

/**
 * No relay answered (a static host, `npm run preview`): the simulation works, and the page says
 * how to let real CoAP clients in, since only the relay (`npm start`) can.
 */
function NoRelay({ title }: { title: string }) {
  const { t } = useTranslation();
  const root = useRef<HTMLDetailsElement>(null);
  const close = () => {
    if (root.current) root.current.open = false;
  };
  return (
    // The panel is fixed under the header, within the viewport wherever the header wraps; it may
    // cover the pill, so it has its own Close (and Escape).
    <details
      ref={root}
      className="text-xs"
      data-testid="relay-status"
      data-state="unavailable"
      onKeyDown={(e) => e.key === 'Escape' && close()}
    >
      <summary
        className="inline-flex cursor-pointer list-none items-center gap-1.5 rounded-full border border-slate-300 px-2 py-0.5 select-none hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:border-slate-700 dark:hover:bg-slate-800"
        title={title}
      >
        <span aria-hidden="true" className="h-2 w-2 rounded-full bg-slate-400" />
        <span>{t('shell:relay.none')}</span>
        <span className="text-sky-700 underline dark:text-sky-400">
          {t('shell:relay.real-clients')}
        </span>
      </summary>
      <div className="fixed inset-x-4 top-16 z-30 mx-auto max-w-sm space-y-1.5 rounded-lg border border-slate-200 bg-white p-3 text-slate-700 shadow-lg dark:border-slate-700 dark:bg-slate-900 dark:text-slate-300">
        <p>
          <Trans i18nKey="shell:relay.help-1" components={{ code: <code translate="no" /> }} />
        </p>
        <p>{t('shell:relay.help-2')}</p>
        <pre
          translate="no"
          className="overflow-x-auto rounded bg-slate-100 px-2 py-1 font-mono text-[12px] dark:bg-slate-800"
        >
          npm install && npm start
        </pre>
        <p>
          <Trans i18nKey="shell:relay.help-3" components={{ code: <code translate="no" /> }} />
        </p>
        <div className="flex justify-end">
          <button type="button" className={smallButton} onClick={close}>
            {t('shell:relay.close')}
          </button>
        </div>
      </div>
    </details>
  );
}
