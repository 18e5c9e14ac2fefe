import { memo, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TrafficPlan, TrafficState } from '../../sim';
import { control } from '../kit/controls';
import { formatTime } from '../layout/format';
import { useDispatch } from '../state/playground';
import { MsgText } from '../i18n/MsgText';
import type { Msg } from '../../wire/msg';

const DEFAULTS = { heartbeat: '20', every: '10', topic: 'coap/test', payload: 'reading {n}' };

type Draft = typeof DEFAULTS;

function draftOf(plan: TrafficPlan | undefined): Draft {
  return {
    heartbeat: String(plan?.heartbeat ?? DEFAULTS.heartbeat),
    every: String(plan?.publish?.every ?? DEFAULTS.every),
    topic: plan?.publish?.topic ?? DEFAULTS.topic,
    payload: plan?.publish?.payload ?? DEFAULTS.payload,
  };
}

/**
 * A simulated client's own traffic (`set-traffic`): heartbeat and/or publish every N seconds of
 * virtual time, so keep-alive and notifications can be watched without clicking. The world sends
 * them (sim/traffic.ts); this only switches them and shows what went. Memoized on the state,
 * which keeps its identity while it does not change (`useSnapshot`).
 */
export const TrafficSwitches = memo(function TrafficSwitches({
  client,
  traffic,
}: {
  client: string;
  traffic: TrafficState | undefined;
}) {
  const dispatch = useDispatch();
  const { t } = useTranslation();
  const ids = useId();
  const plan = traffic?.plan;
  const [draft, setDraft] = useState<Draft>(() => draftOf(plan));
  const [error, setError] = useState<Msg>();
  /** The switches as last flipped, until the world has said so (the snapshot follows). */
  const [flipped, setFlipped] = useState<{ heartbeat: boolean; publish: boolean }>();
  const actual = { heartbeat: plan?.heartbeat !== undefined, publish: plan?.publish !== undefined };
  // The snapshot caught up: the world's word wins again.
  if (flipped && flipped.heartbeat === actual.heartbeat && flipped.publish === actual.publish)
    setFlipped(undefined);
  const beating = (flipped ?? actual).heartbeat;
  const publishing = (flipped ?? actual).publish;

  const send = async (on: { heartbeat: boolean; publish: boolean }, d: Draft = draft) => {
    const next: TrafficPlan = {};
    if (on.heartbeat) next.heartbeat = Number(d.heartbeat);
    if (on.publish) next.publish = { every: Number(d.every), topic: d.topic, payload: d.payload };
    setFlipped(on);
    const r = await dispatch({ type: 'set-traffic', client, plan: next });
    if (!r.ok) setFlipped(undefined);
    setError(r.ok ? undefined : r.error);
  };
  /** A field edited while its switch is on takes effect when the field is left. */
  const commit = () => {
    const changed = JSON.stringify(draft) !== JSON.stringify(draftOf(plan));
    if (changed && (beating || publishing)) void send({ heartbeat: beating, publish: publishing });
  };
  const field = (key: keyof Draft, label: string, className: string, type = 'number') => (
    <input
      id={`${ids}-${key}`}
      aria-label={t('clients:traffic.field', { label, client })}
      type={type}
      {...(type === 'number' ? { min: 1, max: 3600, step: 1 } : { spellCheck: false })}
      value={draft[key]}
      onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
      className={`${control.small} ${className}`}
    />
  );
  const check = (on: boolean, label: string, title: string, toggle: () => void) => (
    <label className="inline-flex cursor-pointer items-center gap-1.5 font-medium" title={title}>
      <input type="checkbox" checked={on} onChange={toggle} className="accent-sky-700" />
      {label}
    </label>
  );

  return (
    <div className="space-y-1 text-xs" data-testid={`traffic-${client}`}>
      <div className="flex flex-wrap items-center gap-x-1.5 gap-y-1">
        {check(
          beating,
          t('clients:traffic.heartbeat'),
          t('clients:traffic.heartbeat.title', { request: 'PUT /mqtt/connection' }),
          () => void send({ heartbeat: !beating, publish: publishing }),
        )}
        <span className="text-slate-600 dark:text-slate-400">{t('clients:traffic.every')}</span>
        {field('heartbeat', t('clients:traffic.heartbeatPeriod'), 'w-14')}
        <span className="text-slate-600 dark:text-slate-400">{t('clients:traffic.s')}</span>
      </div>
      <div className="flex flex-wrap items-center gap-x-1.5 gap-y-1">
        {check(
          publishing,
          t('clients:traffic.publish'),
          t('clients:traffic.publish.title', { request: 'POST /ps/<topic>', n: '{n}' }),
          () => void send({ heartbeat: beating, publish: !publishing }),
        )}
        <span className="text-slate-600 dark:text-slate-400">{t('clients:traffic.every')}</span>
        {field('every', t('clients:traffic.publishPeriod'), 'w-14')}
        <span className="text-slate-600 dark:text-slate-400">{t('clients:traffic.s')}</span>
      </div>
      <div className="flex flex-wrap items-center gap-x-1.5 gap-y-1 pl-5">
        <span className="text-slate-600 dark:text-slate-400">{t('clients:traffic.to')}</span>
        {field('topic', t('clients:traffic.topic'), 'min-w-0 flex-1 basis-24 font-mono', 'text')}
        <span className="text-slate-600 dark:text-slate-400">{t('clients:traffic.payload')}</span>
        {field(
          'payload',
          t('clients:traffic.payloadLabel'),
          'min-w-0 flex-1 basis-24 font-mono',
          'text',
        )}
      </div>
      {traffic && (
        <p className="text-slate-600 dark:text-slate-400" data-testid="traffic-status">
          {t('clients:traffic.sent', {
            heartbeats: traffic.heartbeats,
            publishes: traffic.publishes,
          })}
          {nextOf(traffic) !== undefined &&
            ` · ${t('clients:traffic.next', { at: formatTime(nextOf(traffic) as number) })}`}
        </p>
      )}
      {error && (
        <p role="alert" className="text-red-700 dark:text-red-300">
          <MsgText m={error} />
        </p>
      )}
    </div>
  );
});

const nextOf = (t: TrafficState): number | undefined =>
  [t.nextHeartbeat, t.nextPublish]
    .filter((x): x is number => x !== undefined)
    .reduce<number | undefined>((a, b) => (a === undefined || b < a ? b : a), undefined);
