import { useId, useMemo, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { JournalEntry } from '../../sim';
import type { ChannelView, OperatorCall, WorldSnapshot } from '../../worker/api';
import { endpointKey } from '../../wire/endpoint';
import { CopyButton } from '../kit/CopyButton';
import { Field, control, smallButton } from '../kit/controls';
import { emptyNote, muted, sectionHeading } from '../kit/styles';
import { formatTime } from '../layout/format';
import { useSnapshot } from '../state/playground';
import { usePlayground } from '../state/store';
import { RequestForm } from './RequestForm';
import { KEY_PLACEHOLDER, clientPath, curlCommand } from './curl';
import { useOperatorCalls } from './useOperator';
import type { CallResult, CallWhat } from './useOperator';
import { MsgText } from '../i18n/MsgText';

const LIST: OperatorCall = { method: 'GET', path: '/gateways/coap/clients', query: [] };
const ACTIVITY = 12;

/** Connected clients as the API lists them: connection mode, connected, one per clientid. */
const clientsOf = (s: WorldSnapshot): ChannelView[] =>
  s.channels.filter((c) => c.mode === 'connection' && c.state === 'connected');

/** Where curl reaches the relay: the relay's HTTP address when attached, else this page's. */
function baseUrl(s: WorldSnapshot): string {
  if (s.relay.state === 'attached' && /^https?:\/\//.test(s.relay.url)) return s.relay.url;
  return typeof window === 'undefined' ? 'http://127.0.0.1:5173' : window.location.origin;
}

/**
 * The gateway's server side, as the reference's dashboard and REST API offer it: the connected
 * clients, kick, their subscriptions, and a request down to a device. Every action is a call to
 * the same API the relay serves over HTTP, shown with its curl command; calls from curl and from
 * here land in the journal alike (`operator`).
 */
export function Operator() {
  const snapshot = useSnapshot();
  const { results, run } = useOperatorCalls();
  const [key, setKey] = useState('');
  const [selected, setSelected] = useState<string>();
  const id = useId();
  const { t } = useTranslation();
  if (!snapshot)
    return <p className="text-sm text-slate-600 dark:text-slate-400">{t('operator:loading')}</p>;
  const base = baseUrl(snapshot);
  const clients = clientsOf(snapshot);
  const current = clients.find((c) => c.clientId === selected) ?? clients[0];
  const curl = (call: OperatorCall) => curlCommand(call, base, key.trim() || KEY_PLACEHOLDER);
  return (
    <div className="space-y-4" data-testid="operator">
      <p className={muted}>
        <Trans
          i18nKey="operator:intro"
          components={{
            api: <code translate="no">/api/v5/gateways/coap/clients</code>,
            start: <code translate="no">npm start</code>,
            kind: <em translate="no">operator</em>,
          }}
        />
      </p>
      <Field
        label={t('operator:key')}
        htmlFor={`${id}-key`}
        hint={
          <Trans
            i18nKey="operator:key.hint"
            components={{
              start: <span translate="no">npm start</span>,
              key: <span translate="no">{KEY_PLACEHOLDER}</span>,
            }}
          />
        }
      >
        <input
          id={`${id}-key`}
          translate="no"
          className={`${control.mono} w-full`}
          placeholder={KEY_PLACEHOLDER}
          autoComplete="off"
          spellCheck={false}
          value={key}
          onChange={(e) => setKey(e.target.value)}
        />
      </Field>

      <section aria-labelledby={`${id}-clients`} className="space-y-2">
        <div className="flex items-center justify-between gap-2">
          <h3 id={`${id}-clients`} className={sectionHeading}>
            {t('operator:clients')}
          </h3>
          <button
            type="button"
            className={smallButton}
            onClick={() => void run('list', { action: 'list' }, LIST)}
          >
            <Trans
              i18nKey="operator:clients.call"
              components={{ request: <span translate="no">GET …/clients</span> }}
            />
          </button>
        </div>
        {clients.length === 0 ? (
          <p className={emptyNote}>
            {snapshot.config.connection_required ? (
              <Trans
                i18nKey="operator:clients.none"
                components={{
                  request: <span translate="no">POST mqtt/connection?clientid=…</span>,
                }}
              />
            ) : (
              <Trans
                i18nKey="operator:clients.connectionless"
                components={{ query: <span translate="no">?connection_required=true</span> }}
              />
            )}
          </p>
        ) : (
          <ClientsTable
            clients={clients}
            selected={current?.clientId}
            onSelect={setSelected}
            onKick={(c) =>
              void run(
                'kick',
                { action: 'kick', clientid: c },
                { method: 'DELETE', path: clientPath(c), query: [] },
              )
            }
          />
        )}
        <Outcome result={results.list} curl={curl(LIST)} />
        <Outcome result={results.kick} curl={results.kick && curl(results.kick.call)} />
      </section>

      {current && (
        <>
          <Subscriptions
            client={current}
            onAdd={(topic, qos) =>
              void run(
                'subscribe',
                { action: 'subscribe', clientid: current.clientId, topic },
                {
                  method: 'POST',
                  path: clientPath(current.clientId, '/subscriptions'),
                  query: [],
                  body: { topic, qos },
                },
              )
            }
            onRemove={(topic) =>
              void run(
                'unsubscribe',
                { action: 'unsubscribe', clientid: current.clientId, topic },
                {
                  method: 'DELETE',
                  path: clientPath(current.clientId, `/subscriptions/${encodeURIComponent(topic)}`),
                  query: [],
                },
              )
            }
          />
          <Outcome
            result={results.subscribe}
            curl={results.subscribe && curl(results.subscribe.call)}
          />
          <Outcome
            result={results.unsubscribe}
            curl={results.unsubscribe && curl(results.unsubscribe.call)}
          />
          <section aria-labelledby={`${id}-request`} className="space-y-2">
            <h3 id={`${id}-request`} className={sectionHeading}>
              <Trans
                i18nKey="operator:request.title"
                components={{
                  // A clientid is shown as sent, not upper-cased like the heading around it.
                  c: (
                    <span translate="no" className="normal-case">
                      {current.clientId}
                    </span>
                  ),
                }}
              />
            </h3>
            <RequestForm
              clientid={current.clientId}
              busy={
                results.request !== undefined && !results.request.answer && !results.request.error
              }
              onSend={(call) =>
                void run('request', { action: 'request', clientid: current.clientId }, call)
              }
            />
            <Outcome
              result={results.request}
              curl={results.request && curl(results.request.call)}
            />
          </section>
        </>
      )}
      <Activity />
    </div>
  );
}

function ClientsTable({
  clients,
  selected,
  onSelect,
  onKick,
}: {
  clients: ChannelView[];
  selected: string | undefined;
  onSelect: (clientid: string) => void;
  onKick: (clientid: string) => void;
}) {
  const cell = 'px-2 py-1 text-left align-top';
  const { t, i18n } = useTranslation();
  const headings = [
    t('operator:table.clientId'),
    t('operator:table.username'),
    t('operator:table.address'),
    t('operator:table.keepalive'),
    t('operator:table.connectedAt'),
    t('operator:table.subs'),
  ];
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700">
      <table className="w-full text-xs" aria-label={t('operator:table')}>
        <thead className="bg-slate-50 text-slate-700 dark:bg-slate-900 dark:text-slate-300">
          <tr>
            {headings.map((h) => (
              <th key={h} scope="col" className={`${cell} font-semibold whitespace-nowrap`}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {clients.map((c) => (
            <tr
              key={c.id}
              data-testid="operator-client"
              aria-selected={c.clientId === selected}
              className={c.clientId === selected ? 'bg-sky-50 dark:bg-sky-950' : undefined}
            >
              <td className={`${cell} font-mono break-all`}>
                <button
                  type="button"
                  className="text-left font-medium text-sky-800 underline-offset-2 hover:underline dark:text-sky-300"
                  onClick={() => onSelect(c.clientId)}
                  title={t('operator:table.select')}
                >
                  <span translate="no">{c.clientId}</span>
                </button>
                <button
                  type="button"
                  className={`${smallButton} mt-1 block font-sans whitespace-nowrap`}
                  aria-label={t('operator:kick.label', { clientId: c.clientId })}
                  onClick={() => onKick(c.clientId)}
                >
                  {t('operator:kick')}
                </button>
              </td>
              <td className={`${cell} break-all`} translate="no">
                {c.username ?? '—'}
              </td>
              <td className={`${cell} font-mono break-all`} translate="no">
                {endpointKey(c.peer)}
              </td>
              <td className={`${cell} whitespace-nowrap`}>
                {t('operator:seconds', { s: String(Math.floor(c.checkInterval / 1000)) })}
              </td>
              <td className={cell}>
                {c.connectedAt === undefined
                  ? '—'
                  : new Date(c.connectedAt).toLocaleTimeString(i18n.language)}
              </td>
              <td className={cell}>{c.observes.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Subscriptions({
  client,
  onAdd,
  onRemove,
}: {
  client: ChannelView;
  onAdd: (topic: string, qos: number) => void;
  onRemove: (topic: string) => void;
}) {
  const id = useId();
  const { t } = useTranslation();
  const [topic, setTopic] = useState('down/1');
  const [qos, setQos] = useState(1);
  return (
    <section aria-labelledby={`${id}-subs`} className="space-y-2">
      <h3 id={`${id}-subs`} className={sectionHeading}>
        <Trans
          i18nKey="operator:subs.title"
          components={{
            c: (
              <span translate="no" className="normal-case">
                {client.clientId}
              </span>
            ),
          }}
        />
      </h3>
      {client.observes.length === 0 ? (
        <p className={muted}>{t('operator:subs.none')}</p>
      ) : (
        <ul
          className="space-y-1 text-xs"
          aria-label={t('operator:subs.list', { clientId: client.clientId })}
        >
          {client.observes.map((o) => (
            <li key={o.filter} className="flex items-center gap-2">
              <span className="font-mono break-all" translate="no">
                {o.topic}
              </span>
              <span className={muted}>QoS {o.qos}</span>
              <span className={muted}>
                {o.token ? (
                  <>
                    {t('operator:subs.token')} <span translate="no">{o.token}</span>
                  </>
                ) : (
                  t('operator:subs.emptyToken')
                )}
              </span>
              <button
                type="button"
                className={`${smallButton} ml-auto`}
                aria-label={t('operator:subs.remove.label', { topic: o.topic })}
                onClick={() => onRemove(o.topic)}
              >
                {t('operator:subs.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="flex items-end gap-2"
        aria-label={t('operator:subs.add', { clientId: client.clientId })}
        onSubmit={(e) => {
          e.preventDefault();
          onAdd(topic, qos);
        }}
      >
        <Field label={t('operator:subs.topic')} htmlFor={`${id}-topic`} className="flex-1">
          <input
            id={`${id}-topic`}
            className={`${control.mono} w-full`}
            value={topic}
            onChange={(e) => setTopic(e.target.value)}
          />
        </Field>
        <Field label="QoS" htmlFor={`${id}-qos`}>
          <select
            id={`${id}-qos`}
            className={control.select}
            value={qos}
            onChange={(e) => setQos(Number(e.target.value))}
          >
            {[0, 1, 2].map((q) => (
              <option key={q} value={q}>
                {q}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" className={smallButton}>
          {t('operator:subs.subscribe')}
        </button>
      </form>
    </section>
  );
}

/** A call's status and JSON body, and its curl command to copy. */
function Outcome({ result, curl }: { result: CallResult | undefined; curl: string | undefined }) {
  const { t } = useTranslation();
  if (!result || !curl) return null;
  const a = result.answer;
  const ok = a !== undefined && a.status < 400;
  return (
    <div
      className="space-y-1 rounded-lg border border-slate-200 p-2 text-xs dark:border-slate-700"
      data-testid="operator-outcome"
    >
      <p className="flex flex-wrap items-center gap-2">
        <span className="font-medium">
          <What what={result.what} />
        </span>
        <span
          role="status"
          data-testid="operator-status"
          className={
            a === undefined
              ? 'text-slate-600 dark:text-slate-400'
              : ok
                ? 'font-semibold text-emerald-800 dark:text-emerald-300'
                : 'font-semibold text-rose-800 dark:text-rose-300'
          }
        >
          {result.error
            ? t('operator:outcome.failed', { error: result.error })
            : a === undefined
              ? t('operator:outcome.waiting')
              : `HTTP ${a.status}`}
        </span>
      </p>
      {a?.body !== undefined && (
        <pre
          className="max-h-40 overflow-auto rounded bg-slate-50 p-1.5 font-mono text-[11px] break-all whitespace-pre-wrap dark:bg-slate-900"
          translate="no"
        >
          {JSON.stringify(a.body, null, 1)}
        </pre>
      )}
      <div className="flex items-start gap-2">
        <code
          className="min-w-0 flex-1 font-mono text-[11px] break-all text-slate-700 dark:text-slate-300"
          translate="no"
        >
          {curl}
        </code>
        <CopyButton text={curl} label={t('operator:outcome.copy')} />
      </div>
    </div>
  );
}

/** The latest management API calls, from curl or this view, newest first (the journal's). */
function Activity() {
  const version = usePlayground((s) => s.journalVersion);
  const journal = usePlayground((s) => s.journal);
  const { t } = useTranslation();
  const items = useMemo(() => {
    void version;
    const out: Array<Extract<JournalEntry, { kind: 'world' }> & { event: { kind: 'operator' } }> =
      [];
    for (
      let i = journal.length - 1, n = 0;
      i >= 0 && n < 20_000 && out.length < ACTIVITY;
      i--, n++
    ) {
      const e = journal.at(i);
      if (e?.kind === 'world' && e.event.kind === 'operator') out.push(e as (typeof out)[number]);
    }
    return out;
  }, [journal, version]);
  return (
    <section aria-label={t('operator:activity')} className="space-y-1">
      <h3 className={sectionHeading}>{t('operator:activity.title')}</h3>
      {items.length === 0 ? (
        <p className={muted}>{t('operator:activity.none')}</p>
      ) : (
        <ol className="space-y-0.5 text-xs" data-testid="operator-activity">
          {items.map((e) => (
            <li key={e.seq} className="flex gap-2">
              <span className="w-[4.6rem] shrink-0 font-mono text-[11px] text-slate-600 tabular-nums dark:text-slate-400">
                {formatTime(e.at)}
              </span>
              <span className="min-w-0 break-words">
                <span className="font-mono break-all" translate="no">
                  {e.event.method} {e.event.path.replace('/api/v5/gateways/coap', '…')}
                </span>{' '}
                <span className="font-semibold">
                  {e.event.phase === 'sent' ? t('operator:activity.sent') : e.event.status}
                </span>
                {e.event.source === 'page' ? (
                  <span className={muted}> · {t('operator:activity.page')}</span>
                ) : null}
                {e.event.text ? (
                  <span className={muted} data-said="">
                    {' '}
                    · <MsgText m={e.event.text} />
                  </span>
                ) : null}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** What a call was for, in the page's language, its clientid and topic kept as sent. */
function What({ what }: { what: CallWhat }) {
  if (what.action === 'list') return <Trans i18nKey="operator:what.list" />;
  const c = <span translate="no">{what.clientid}</span>;
  if (what.action === 'kick') return <Trans i18nKey="operator:what.kick" components={{ c }} />;
  if (what.action === 'request')
    return <Trans i18nKey="operator:what.request" components={{ c }} />;
  const topic = <span translate="no">{what.topic}</span>;
  return (
    <Trans
      i18nKey={
        what.action === 'subscribe' ? 'operator:what.subscribe' : 'operator:what.unsubscribe'
      }
      components={{ c, topic }}
    />
  );
}
