import type { WorldSnapshot } from '../../worker/api';
import { sectionHeading } from '../kit/styles';
import { formatTime } from '../layout/format';
import { useMsg } from '../i18n/msg';
import { useRecentDeliveries } from './deliveries';
import type { Delivery } from './deliveries';
import { channelLabel } from './names';

const RECENT = 50;

/** The last deliveries through the broker, newest first, from the page's journal. */
export function RecentDeliveries({ snapshot }: { snapshot: WorldSnapshot }) {
  const items = useRecentDeliveries(RECENT);
  return (
    <section aria-labelledby="recent-deliveries-title" className="space-y-2">
      <h3 id="recent-deliveries-title" className={sectionHeading}>
        Recent deliveries{' '}
        <span className="font-normal tracking-normal normal-case text-slate-600 dark:text-slate-400">
          (last {RECENT})
        </span>
      </h3>
      {items.length === 0 ? (
        <p className="text-xs text-slate-600 dark:text-slate-400">
          Nothing published yet. Publishes, CoAP notifications and MQTT deliveries appear here.
        </p>
      ) : (
        <ol
          className="max-h-80 divide-y divide-slate-100 overflow-y-auto rounded-lg border border-slate-200 text-xs dark:divide-slate-800 dark:border-slate-700"
          data-testid="recent-deliveries"
          tabIndex={0}
          aria-label="Recent deliveries, newest first"
        >
          {items.map((d) => (
            <li key={d.seq} className="flex gap-2 px-2.5 py-1.5">
              <span className="w-[4.6rem] shrink-0 font-mono text-[11px] text-slate-600 tabular-nums dark:text-slate-400">
                {formatTime(d.at)}
              </span>
              <span className="min-w-0 flex-1">
                <DeliveryLine d={d} snapshot={snapshot} />
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

const Topic = ({ children }: { children: string }) => (
  <span className="font-mono font-semibold break-all text-slate-900 dark:text-slate-100">
    {children}
  </span>
);
const Who = ({ children }: { children: string }) => (
  <span className="font-mono break-all">{children}</span>
);

function DeliveryLine({ d, snapshot }: { d: Delivery; snapshot: WorldSnapshot }) {
  const say = useMsg();
  const muted = 'text-slate-600 dark:text-slate-400';
  switch (d.kind) {
    case 'coap-publish':
      return (
        <>
          <Arrow dir="in" /> CoAP{' '}
          <CoapWho channel={d.channel} clientId={d.clientId} snapshot={snapshot} /> published{' '}
          <Topic>{d.topic}</Topic>{' '}
          <span className={muted}>
            QoS {d.qos} ({say(d.qosFrom)}){d.retain ? ' · retained' : ''} →{' '}
            {plural(d.deliveries, 'subscriber')}
          </span>
        </>
      );
    case 'mqtt-publish':
      return (
        <>
          <Arrow dir="in" /> MQTT <Who>{d.clientId}</Who> published <Topic>{d.topic}</Topic>{' '}
          <span className={muted}>
            QoS {d.qos}
            {d.retain ? ' · retained' : ''} → {plural(d.deliveries, 'subscriber')}
          </span>
        </>
      );
    case 'notification': {
      return (
        <>
          <Arrow dir="out" /> {d.type} notification to{' '}
          <CoapWho channel={d.channel} snapshot={snapshot} /> for <Topic>{d.topic}</Topic>{' '}
          <span className={muted}>
            Observe {d.seq24} · MID {d.messageId} · {say(d.why)}
          </span>
        </>
      );
    }
    case 'mqtt-received':
      return (
        <>
          <Arrow dir="out" /> MQTT <Who>{d.clientId}</Who> got <Topic>{d.topic}</Topic>{' '}
          <span className={muted}>
            QoS {d.qos}
            {d.retain ? ' · retained' : ''}
          </span>{' '}
          <span className="font-mono break-all text-slate-700 dark:text-slate-300">
            “{truncate(d.payload, 80)}”
          </span>
        </>
      );
  }
}

/** A CoAP client by the name the user gave it, its made-up clientid on hover. */
function CoapWho({
  channel,
  clientId,
  snapshot,
}: {
  channel: string;
  clientId?: string;
  snapshot: WorldSnapshot;
}) {
  const who = channelLabel(snapshot.channels, channel, clientId);
  return (
    <span
      className="font-mono break-all"
      title={who.clientId !== undefined ? `clientid ${who.clientId}` : undefined}
    >
      {who.name}
    </span>
  );
}

function Arrow({ dir }: { dir: 'in' | 'out' }) {
  return (
    <span
      aria-hidden="true"
      className={
        dir === 'in' ? 'text-sky-600 dark:text-sky-400' : 'text-emerald-600 dark:text-emerald-400'
      }
    >
      {dir === 'in' ? '⇥' : '↦'}
    </span>
  );
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const truncate = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n)}…` : s);
