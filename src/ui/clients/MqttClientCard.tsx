import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QoS } from '../../broker';
import type { MqttClientView } from '../../worker/api';
import { control, iconButton, smallButton } from '../kit/controls';
import { disclosure } from '../kit/styles';
import { formatTime } from '../layout/format';
import { useDispatch } from '../state/playground';
import { MsgText } from '../i18n/MsgText';
import type { Msg } from '../../wire/msg';

const QOS: readonly QoS[] = [0, 1, 2];
const small = `${control.small} w-full min-w-0`;
const smallSelect = control.smallSelect;
const fieldLabel = 'block text-[11px] text-slate-700 dark:text-slate-300';

/** One virtual MQTT client: its subscriptions, what it received, and forms to drive it. */
export function MqttClientCard({ client }: { client: MqttClientView }) {
  const dispatch = useDispatch();
  const { t } = useTranslation();
  const [error, setError] = useState<Msg>();
  const run = async (intent: Parameters<typeof dispatch>[0]) => {
    const r = await dispatch(intent);
    setError(r.ok ? undefined : r.error);
    return r.ok;
  };
  const inbox = [...client.inbox].reverse();
  return (
    <article
      aria-label={t('clients:mqtt.card', { clientId: client.clientId })}
      data-testid={`mqtt-client-${client.clientId}`}
      className="rounded-lg border border-slate-200 dark:border-slate-800"
    >
      <header className="flex items-center gap-2 px-3 py-1.5">
        <span className="rounded bg-violet-100 px-1 text-[10px] font-semibold text-violet-800 dark:bg-violet-900 dark:text-violet-100">
          MQTT
        </span>
        <h4 className="truncate text-sm font-semibold" translate="no">
          {client.clientId}
        </h4>
        <span className="ml-auto shrink-0 text-[11px] text-slate-600 dark:text-slate-400">
          {t('clients:mqtt.subscriptions', {
            n: client.subscriptions.length,
            dropped: client.dropped,
          })}
        </span>
        <button
          type="button"
          className={iconButton}
          aria-label={t('clients:remove', { name: client.clientId })}
          title={t('clients:remove.title')}
          onClick={() => void dispatch({ type: 'remove-client', name: client.clientId })}
        >
          ×
        </button>
      </header>
      <div className="space-y-1.5 border-t border-slate-200 px-3 py-1.5 text-xs dark:border-slate-800">
        {client.subscriptions.length > 0 && (
          <ul aria-label={t('clients:mqtt.subscriptionsList')} className="flex flex-wrap gap-1">
            {client.subscriptions.map((s) => (
              <li
                key={s.filter}
                className="inline-flex items-center gap-1 rounded-full border border-slate-300 py-0 pr-0.5 pl-2 dark:border-slate-700"
              >
                <span className="font-mono text-[12px]" translate="no">
                  {s.filter}
                </span>
                <span className="text-[10px] text-slate-600 dark:text-slate-400" translate="no">
                  QoS {s.qos}
                  {s.nl ? ' · nl' : ''}
                  {s.rh ? ` · rh ${s.rh}` : ''}
                </span>
                <button
                  type="button"
                  className={`${iconButton} h-5 w-5`}
                  aria-label={t('clients:mqtt.unsubscribeFrom', { filter: s.filter })}
                  title={t('clients:mqtt.unsubscribe')}
                  onClick={() =>
                    void run({
                      type: 'mqtt-unsubscribe',
                      client: client.clientId,
                      filter: s.filter,
                    })
                  }
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <SubscribeForm
          onSubmit={(filter, options) =>
            run({ type: 'mqtt-subscribe', client: client.clientId, filter, options })
          }
        />
        <PublishForm
          onSubmit={(p) => run({ type: 'mqtt-publish', client: client.clientId, ...p })}
        />
        <p role="status" aria-live="polite" className="text-red-700 dark:text-red-300">
          <MsgText m={error} />
        </p>
        {inbox.length === 0 ? (
          <p className="text-[11px] text-slate-600 dark:text-slate-400">
            {t('clients:mqtt.noMessages')}
          </p>
        ) : (
          <ol
            aria-label={t('clients:mqtt.received')}
            className="divide-y divide-slate-100 dark:divide-slate-800"
          >
            {inbox.slice(0, 8).map((m, i) => (
              <li key={`${m.at}-${i}`} data-testid="mqtt-message" className="py-1 first:pt-0">
                <div className="flex flex-wrap items-baseline gap-x-2 text-[11px]">
                  <span
                    className="min-w-0 truncate font-mono text-[12px] font-medium text-slate-900 dark:text-slate-100"
                    translate="no"
                  >
                    {m.topic}
                  </span>
                  <span className="shrink-0 text-slate-600 dark:text-slate-400">QoS {m.qos}</span>
                  {m.retain && (
                    <span className="shrink-0 rounded bg-amber-100 px-1 text-[10px] font-medium text-amber-900 dark:bg-amber-900 dark:text-amber-100">
                      {t('clients:mqtt.retained')}
                    </span>
                  )}
                  {m.expiryInterval !== undefined && (
                    <span className="shrink-0 text-slate-600 dark:text-slate-400">
                      {t('clients:mqtt.expiry', { s: String(m.expiryInterval) })}
                    </span>
                  )}
                  <span className="ml-auto shrink-0 font-mono text-slate-600 dark:text-slate-400">
                    {formatTime(m.at)}
                  </span>
                </div>
                <p
                  data-testid="mqtt-payload"
                  className="font-mono text-[12px] wrap-anywhere whitespace-pre-wrap text-slate-800 dark:text-slate-200"
                >
                  {m.payload === '' ? (
                    <span className="text-slate-600 italic dark:text-slate-400">
                      {t('clients:mqtt.emptyPayload')}
                    </span>
                  ) : (
                    <span translate="no">{m.payload}</span>
                  )}
                </p>
              </li>
            ))}
          </ol>
        )}
      </div>
    </article>
  );
}

function SubscribeForm({
  onSubmit,
}: {
  onSubmit: (filter: string, options: { qos: QoS; nl: boolean; rh: 0 | 1 | 2 }) => Promise<boolean>;
}) {
  const ids = useId();
  const { t } = useTranslation();
  const [filter, setFilter] = useState('coap/#');
  const [qos, setQos] = useState<QoS>(0);
  const [nl, setNl] = useState(false);
  const [rh, setRh] = useState<0 | 1 | 2>(0);
  return (
    <details>
      <summary className={disclosure}>{t('clients:mqtt.subscribe')}</summary>
      <form
        aria-label={t('clients:mqtt.subscribe')}
        className="mt-1.5 grid grid-cols-[1fr_auto_auto_auto_auto] items-end gap-1.5"
        onSubmit={(e) => {
          e.preventDefault();
          void onSubmit(filter.trim(), { qos, nl, rh });
        }}
      >
        <div className="min-w-0">
          <label htmlFor={`${ids}-f`} className={fieldLabel}>
            {t('clients:mqtt.filter')}
          </label>
          <input
            id={`${ids}-f`}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            className={`${small} font-mono`}
            spellCheck={false}
          />
        </div>
        <QosSelect id={`${ids}-q`} value={qos} onChange={setQos} />
        <div>
          <label htmlFor={`${ids}-rh`} className={fieldLabel} title={t('clients:mqtt.rh')}>
            <span translate="no">rh</span>
          </label>
          <select
            id={`${ids}-rh`}
            value={rh}
            onChange={(e) => setRh(Number(e.target.value) as 0 | 1 | 2)}
            className={smallSelect}
          >
            <option value={0}>0</option>
            <option value={1}>1</option>
            <option value={2}>2</option>
          </select>
        </div>
        <label
          className="flex items-center gap-1 pb-1 text-[11px] text-slate-700 dark:text-slate-300"
          title={t('clients:mqtt.nl')}
        >
          <input
            type="checkbox"
            checked={nl}
            onChange={(e) => setNl(e.target.checked)}
            className="h-3.5 w-3.5 accent-sky-700"
          />
          <span translate="no">nl</span>
        </label>
        <button type="submit" className={smallButton}>
          {t('clients:mqtt.subscribe')}
        </button>
      </form>
    </details>
  );
}

function PublishForm({
  onSubmit,
}: {
  onSubmit: (p: {
    topic: string;
    payload: Uint8Array;
    qos: QoS;
    retain: boolean;
    expiryInterval?: number;
  }) => Promise<boolean>;
}) {
  const ids = useId();
  const { t } = useTranslation();
  const [topic, setTopic] = useState('coap/test');
  const [payload, setPayload] = useState('hello from MQTT');
  const [qos, setQos] = useState<QoS>(0);
  const [retain, setRetain] = useState(false);
  const [expiry, setExpiry] = useState('');
  const [badExpiry, setBadExpiry] = useState(false);
  return (
    <details>
      <summary className={disclosure}>{t('clients:mqtt.publish')}</summary>
      <form
        aria-label={t('clients:mqtt.publish')}
        className="mt-1.5 space-y-1.5"
        onSubmit={(e) => {
          e.preventDefault();
          const exp = expiry.trim();
          if (exp !== '' && !/^\d+$/.test(exp)) {
            setBadExpiry(true);
            return;
          }
          setBadExpiry(false);
          void onSubmit({
            topic: topic.trim(),
            payload: new TextEncoder().encode(payload),
            qos,
            retain,
            ...(exp !== '' ? { expiryInterval: Number(exp) } : {}),
          });
        }}
      >
        <div className="grid grid-cols-[1fr_auto_5rem] items-end gap-1.5">
          <div className="min-w-0">
            <label htmlFor={`${ids}-t`} className={fieldLabel}>
              {t('clients:mqtt.topic')}
            </label>
            <input
              id={`${ids}-t`}
              value={topic}
              onChange={(e) => setTopic(e.target.value)}
              className={`${small} font-mono`}
              spellCheck={false}
            />
          </div>
          <QosSelect id={`${ids}-q`} value={qos} onChange={setQos} />
          <div>
            <label htmlFor={`${ids}-e`} className={fieldLabel}>
              {t('clients:mqtt.expiryLabel')}
            </label>
            <input
              id={`${ids}-e`}
              inputMode="numeric"
              value={expiry}
              placeholder={t('clients:mqtt.expiryNone')}
              onChange={(e) => setExpiry(e.target.value)}
              aria-invalid={badExpiry ? true : undefined}
              className={small}
            />
          </div>
        </div>
        <div className="grid grid-cols-[1fr_auto_auto] items-end gap-1.5">
          <div className="min-w-0">
            <label htmlFor={`${ids}-p`} className={fieldLabel}>
              {t('clients:mqtt.payload')}
            </label>
            <input
              id={`${ids}-p`}
              value={payload}
              onChange={(e) => setPayload(e.target.value)}
              className={`${small} font-mono`}
              spellCheck={false}
            />
          </div>
          <label className="flex items-center gap-1 pb-1 text-[11px] text-slate-700 dark:text-slate-300">
            <input
              type="checkbox"
              checked={retain}
              onChange={(e) => setRetain(e.target.checked)}
              className="h-3.5 w-3.5 accent-sky-700"
            />
            retain
          </label>
          <button type="submit" className={smallButton}>
            {t('clients:mqtt.publish')}
          </button>
        </div>
        {badExpiry && (
          <p className="text-red-700 dark:text-red-300">{t('clients:mqtt.badExpiry')}</p>
        )}
      </form>
    </details>
  );
}

/** The labelled QoS 0/1/2 select of the subscribe and publish forms. */
function QosSelect({
  id,
  value,
  onChange,
}: {
  id: string;
  value: QoS;
  onChange: (q: QoS) => void;
}) {
  return (
    <div>
      <label htmlFor={id} className={fieldLabel}>
        QoS
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(Number(e.target.value) as QoS)}
        className={smallSelect}
      >
        {QOS.map((q) => (
          <option key={q}>{q}</option>
        ))}
      </select>
    </div>
  );
}
