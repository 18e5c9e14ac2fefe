import type { ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { WorldSnapshot } from '../../worker/api';
import { useMsg } from '../i18n/msg';
import { sectionHeading } from '../kit/styles';
import { formatTime } from '../layout/format';
import { useRecentDeliveries } from './deliveries';
import type { Delivery } from './deliveries';
import { channelLabel } from './names';

const RECENT = 50;

/** The last deliveries through the broker, newest first, from the page's journal. */
export function RecentDeliveries({ snapshot }: { snapshot: WorldSnapshot }) {
  const items = useRecentDeliveries(RECENT);
  const { t } = useTranslation();
  return (
    <section aria-labelledby="recent-deliveries-title" className="space-y-2">
      <h3 id="recent-deliveries-title" className={sectionHeading}>
        <Trans
          i18nKey="topics:deliveries.title"
          values={{ n: RECENT }}
          components={{
            last: (
              <span className="font-normal tracking-normal normal-case text-slate-600 dark:text-slate-400" />
            ),
          }}
        />
      </h3>
      {items.length === 0 ? (
        <p className="text-xs text-slate-600 dark:text-slate-400">{t('topics:deliveries.none')}</p>
      ) : (
        <ol
          className="max-h-80 divide-y divide-slate-100 overflow-y-auto rounded-lg border border-slate-200 text-xs dark:divide-slate-800 dark:border-slate-700"
          data-testid="recent-deliveries"
          tabIndex={0}
          aria-label={t('topics:deliveries.list')}
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
  <span
    className="font-mono font-semibold break-all text-slate-900 dark:text-slate-100"
    translate="no"
  >
    {children}
  </span>
);
const Who = ({ children }: { children: string }) => (
  <span className="font-mono break-all" translate="no">
    {children}
  </span>
);
/** The gateway's own words in a line (why a type, where a QoS came from), in its language. */
const Said = ({ children }: { children: ReactNode }) => <span data-said="">{children}</span>;

const muted = <span className="text-slate-600 dark:text-slate-400" />;

/**
 * One delivery as a sentence in the page's language; the who, the topic and the payload are
 * data (`translate="no"`), placed by the message's self-closing tags.
 */
function DeliveryLine({ d, snapshot }: { d: Delivery; snapshot: WorldSnapshot }) {
  const say = useMsg();
  switch (d.kind) {
    case 'coap-publish':
      return (
        <>
          <Arrow dir="in" />{' '}
          <Trans
            i18nKey="topics:delivery.coapPublish"
            values={{
              qos: String(d.qos),
              retain: d.retain ? 'yes' : 'no',
              n: d.deliveries,
            }}
            components={{
              who: <CoapWho channel={d.channel} clientId={d.clientId} snapshot={snapshot} />,
              topic: <Topic>{d.topic}</Topic>,
              muted,
              from: <Said>{say(d.qosFrom)}</Said>,
            }}
          />
        </>
      );
    case 'mqtt-publish':
      return (
        <>
          <Arrow dir="in" />{' '}
          <Trans
            i18nKey="topics:delivery.mqttPublish"
            values={{ qos: String(d.qos), retain: d.retain ? 'yes' : 'no', n: d.deliveries }}
            components={{ who: <Who>{d.clientId}</Who>, topic: <Topic>{d.topic}</Topic>, muted }}
          />
        </>
      );
    case 'notification': {
      return (
        <>
          <Arrow dir="out" />{' '}
          <Trans
            i18nKey="topics:delivery.notification"
            values={{ type: d.type, seq: String(d.seq24), mid: String(d.messageId) }}
            components={{
              who: <CoapWho channel={d.channel} snapshot={snapshot} />,
              topic: <Topic>{d.topic}</Topic>,
              muted,
              why: <Said>{say(d.why)}</Said>,
            }}
          />
        </>
      );
    }
    case 'mqtt-received':
      return (
        <>
          <Arrow dir="out" />{' '}
          <Trans
            i18nKey="topics:delivery.mqttReceived"
            values={{ qos: String(d.qos), retain: d.retain ? 'yes' : 'no' }}
            components={{
              who: <Who>{d.clientId}</Who>,
              topic: <Topic>{d.topic}</Topic>,
              muted,
              payload: (
                <span
                  className="font-mono break-all text-slate-700 dark:text-slate-300"
                  translate="no"
                >
                  “{truncate(d.payload, 80)}”
                </span>
              ),
            }}
          />
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
      translate="no"
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

const truncate = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n)}…` : s);
