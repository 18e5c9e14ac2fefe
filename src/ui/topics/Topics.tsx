import { useMemo } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { GatewayConfig } from '../../gateway';
import type { RetainedView, SubscriptionView, WorldSnapshot } from '../../worker/api';
import { emptyNote, sectionHeading } from '../kit/styles';
import { formatDuration, formatTime } from '../layout/format';
import { useSnapshot } from '../state/playground';
import { useVirtualNow } from '../state/useVirtualNow';
import { RecentDeliveries } from './RecentDeliveries';
import { channelLabel } from './names';
import { buildTopicTree } from './tree';
import type { TopicNode } from './tree';

const pill =
  'inline-flex items-center rounded px-1.5 py-px text-[11px] font-semibold whitespace-nowrap';
const COAP_PILL = `${pill} bg-sky-100 text-sky-800 dark:bg-sky-900/60 dark:text-sky-200`;
const MQTT_PILL = `${pill} bg-violet-100 text-violet-800 dark:bg-violet-900/60 dark:text-violet-200`;
const RETAINED_PILL = `${pill} bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-100`;

/**
 * The broker's topics as a tree: who is subscribed where (CoAP observers and MQTT clients), what
 * is retained, and the last deliveries from the journal.
 */
export function Topics() {
  const snapshot = useSnapshot();
  const { t } = useTranslation();
  const tree = useMemo(
    () => (snapshot ? buildTopicTree(snapshot.subscriptions, snapshot.retained) : []),
    [snapshot],
  );
  if (!snapshot)
    return <p className="text-sm text-slate-600 dark:text-slate-400">{t('topics:loading')}</p>;
  return (
    <div className="space-y-4">
      <section aria-labelledby="topic-tree-title" className="space-y-2">
        <h3 id="topic-tree-title" className={sectionHeading}>
          {t('topics:tree.title')}
        </h3>
        {tree.length === 0 ? (
          <p className={emptyNote}>
            <Trans
              i18nKey="topics:tree.empty"
              components={{
                request: <span translate="no">GET /ps/…</span>,
                query: <span translate="no">retain=true</span>,
              }}
            />
          </p>
        ) : (
          <ul className="space-y-1 text-sm" data-testid="topic-tree">
            {tree.map((n) => (
              <TreeNode key={n.path} node={n} snapshot={snapshot} depth={0} />
            ))}
          </ul>
        )}
      </section>
      <RecentDeliveries snapshot={snapshot} />
    </div>
  );
}

function TreeNode({
  node,
  snapshot,
  depth,
}: {
  node: TopicNode;
  snapshot: WorldSnapshot;
  depth: number;
}) {
  const empty = node.subscriptions.length === 0 && node.retained.length === 0;
  return (
    <li data-topic={node.path} data-testid="topic-node">
      <div
        className={`rounded-md ${empty ? '' : 'border border-slate-200 bg-slate-50/70 dark:border-slate-700 dark:bg-slate-800/40'}`}
      >
        <div className={`flex items-center gap-1.5 ${empty ? 'py-0.5' : 'px-2 pt-1.5 pb-1'}`}>
          <FolderGlyph wildcard={/(^|\/)[+#]$/.test(node.path)} />
          <span
            className="font-mono text-[13px] font-semibold break-all"
            title={node.path}
            translate="no"
          >
            {node.label}
          </span>
        </div>
        {!empty && (
          <ul className="space-y-1 px-2 pb-2 text-xs">
            {node.subscriptions.map((s) => (
              <Subscriber key={s.subscriber} sub={s} snapshot={snapshot} />
            ))}
            {node.retained.map((r) => (
              <Retained key={r.topic} message={r} snapshotNow={snapshot.now} />
            ))}
          </ul>
        )}
      </div>
      {node.children.length > 0 && (
        <ul className="mt-1 ml-2 space-y-1 border-l border-slate-200 pl-3 dark:border-slate-700">
          {node.children.map((c) => (
            <TreeNode key={c.path} node={c} snapshot={snapshot} depth={depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}

/**
 * What type the gateway will give this observer's notifications (gateway-behaviour §1.10, §1.16):
 * the message that says it (its `<k>` tags hold configuration keys and values).
 */
export function notificationType(config: GatewayConfig): string {
  if (config.profile === '5.x') return 'topics:notify.profile5';
  if (config.notify_type === 'con') return 'topics:notify.con';
  if (config.notify_type === 'non') return 'topics:notify.non';
  return 'topics:notify.qos';
}

function Subscriber({ sub, snapshot }: { sub: SubscriptionView; snapshot: WorldSnapshot }) {
  const { t } = useTranslation();
  if (sub.kind === 'coap') {
    const channelId = sub.subscriber.replace(/^coap:/, '');
    const ch = snapshot.channels.find((c) => c.id === channelId);
    const who = channelLabel(snapshot.channels, channelId, sub.clientId);
    return (
      <li className="space-y-0.5" data-testid="coap-observer">
        <div className="flex flex-wrap items-center gap-x-1.5 gap-y-0.5">
          <span className={COAP_PILL}>{t('topics:observer')}</span>
          <span className="font-mono font-semibold break-all" translate="no">
            {who.name}
          </span>
          <span className="text-slate-600 dark:text-slate-400">
            <span translate="no">{channelId}</span>
            {who.clientId !== undefined ? (
              <>
                {' '}
                · clientid <span translate="no">{who.clientId}</span>
              </>
            ) : ch?.client !== undefined ? (
              <>
                {' '}
                · <span translate="no">{ch.client}</span>
              </>
            ) : (
              ''
            )}{' '}
            · QoS {sub.qos}
          </span>
        </div>
        <p className="text-slate-600 dark:text-slate-400">
          <Trans
            i18nKey="topics:notifications"
            components={{
              type: (
                <Trans
                  i18nKey={notificationType(snapshot.config)}
                  components={{ k: <span translate="no" /> }}
                />
              ),
            }}
          />
        </p>
      </li>
    );
  }
  return (
    <li className="flex flex-wrap items-center gap-x-1.5 gap-y-0.5" data-testid="mqtt-subscriber">
      <span className={MQTT_PILL}>MQTT</span>
      <span className="font-mono font-semibold break-all" translate="no">
        {sub.clientId}
      </span>
      <span className="text-slate-600 dark:text-slate-400">QoS {sub.qos}</span>
    </li>
  );
}

function Retained({ message: r, snapshotNow }: { message: RetainedView; snapshotNow: number }) {
  const now = useVirtualNow(250);
  const { t } = useTranslation();
  // expiresIn is whole seconds at the snapshot's now; the deadline is publishedAt + interval.
  const expiresAt =
    r.expiresIn === undefined
      ? undefined
      : r.publishedAt +
        (r.expiresIn + Math.floor(Math.max(0, snapshotNow - r.publishedAt) / 1000)) * 1000;
  const left = expiresAt === undefined ? undefined : expiresAt - now;
  return (
    <li className="space-y-0.5" data-testid="retained">
      <div className="flex flex-wrap items-center gap-x-1.5 gap-y-0.5">
        <span className={RETAINED_PILL}>{t('topics:retained')}</span>
        <span className="text-slate-600 dark:text-slate-400">
          <Trans
            i18nKey="topics:retained.from"
            values={{ qos: String(r.qos), at: formatTime(r.publishedAt) }}
            components={{
              from: (
                <span className="font-mono" translate="no">
                  {r.from}
                </span>
              ),
            }}
          />{' '}
          ·{' '}
          {left === undefined ? (
            t('topics:retained.never')
          ) : left > 0 ? (
            <span className="tabular-nums">
              {t('topics:retained.expiresIn', { left: formatDuration(left) })}
            </span>
          ) : (
            <span className="text-rose-700 dark:text-rose-400">{t('topics:retained.expired')}</span>
          )}
        </span>
      </div>
      <p className="rounded bg-white px-1.5 py-1 font-mono text-[12px] break-all text-slate-800 dark:bg-slate-900 dark:text-slate-200">
        {r.payload === '' ? (
          <span className="font-sans text-slate-600">{t('topics:retained.emptyPayload')}</span>
        ) : (
          <span translate="no">{r.payload}</span>
        )}
      </p>
      <p className="text-slate-600 dark:text-slate-400">{t('topics:retained.note')}</p>
    </li>
  );
}

function FolderGlyph({ wildcard }: { wildcard: boolean }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 16 16"
      className={`h-3.5 w-3.5 shrink-0 ${wildcard ? 'text-violet-500' : 'text-slate-400'}`}
    >
      {wildcard ? (
        <path
          d="M8 2.5v11M3.2 5.2l9.6 5.6M12.8 5.2l-9.6 5.6"
          stroke="currentColor"
          strokeWidth="1.6"
          strokeLinecap="round"
        />
      ) : (
        <path
          d="M2 4.5A1.5 1.5 0 0 1 3.5 3h3l1.5 1.5h4.5A1.5 1.5 0 0 1 14 6v5.5a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 2 11.5v-7Z"
          fill="currentColor"
        />
      )}
    </svg>
  );
}
