import { useRef } from 'react';
import { alertPill } from '../kit/styles';
import { smallButton } from '../kit/controls';
import { useSnapshot } from '../state/playground';
import { endpointKey } from '../../wire/endpoint';

/**
 * The relay's state in the header: whether real CoAP clients can reach the gateway in this page,
 * at which UDP address, and a warning when the clock does not run at ×1 while real peers are
 * connected (they live in real time).
 */
export function RelayStatus() {
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
      text = `Relay: coap://${a}`;
      title = `Real CoAP clients (coap-client-notls) reach the gateway in this page at udp ${a}.`;
      if (relay.takenBackFrom) {
        text += ' · taken back';
        title += ` This page took the port back when the page that had taken it over (${relay.takenBackFrom}) went away.`;
      }
      break;
    }
    case 'connecting':
      text = 'Relay: connecting…';
      title = 'Connecting to the relay at /relay on this page’s origin.';
      break;
    case 'taken-over':
      dot = 'bg-amber-500';
      text = relay.waiting
        ? 'Relay: taken over by a newer page (waiting)'
        : 'Relay: taken over by a newer page';
      title = relay.waiting
        ? 'Another page attached to the relay; real CoAP traffic now goes there. This page takes the port back by itself when that page is closed, or reload this page to take it now.'
        : 'Another page attached to the relay, and too many pages were waiting for it. Reload this page to take the port back.';
      break;
    case 'unavailable':
      text = 'Simulation only';
      title = `No relay: ${relay.reason}. Start the playground with npm start to let real CoAP clients in. Retrying in ${Math.round(relay.retryIn / 1000)} s.`;
      break;
    default:
      text = 'Simulation only';
      title = 'No relay link.';
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
            · {realPeers} real {realPeers === 1 ? 'peer' : 'peers'}
          </span>
        )}
      </span>
      {warn && (
        <span role="alert" className={alertPill}>
          Clock at {snap.clockRate === 0 ? 'pause' : `×${snap.clockRate}`}: real clients see the
          changed timing
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
        <span>Simulation only</span>
        <span className="text-sky-700 underline dark:text-sky-400">real clients?</span>
      </summary>
      <div className="fixed inset-x-4 top-16 z-30 mx-auto max-w-sm space-y-1.5 rounded-lg border border-slate-200 bg-white p-3 text-slate-700 shadow-lg dark:border-slate-700 dark:bg-slate-900 dark:text-slate-300">
        <p>
          Everything here runs in this page. Real CoAP clients (<code>coap-client-notls</code>) need
          the relay, which this server does not run.
        </p>
        <p>To get it, run the playground from its source:</p>
        <pre className="overflow-x-auto rounded bg-slate-100 px-2 py-1 font-mono text-[12px] dark:bg-slate-800">
          npm install && npm start
        </pre>
        <p>
          and open the page it prints (<code>http://127.0.0.1:5173</code>): CoAP then reaches the
          gateway in your browser on UDP <code>127.0.0.1:5683</code>.
        </p>
        <div className="flex justify-end">
          <button type="button" className={smallButton} onClick={close}>
            Close
          </button>
        </div>
      </div>
    </details>
  );
}
