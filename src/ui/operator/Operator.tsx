import { useId, useMemo, useState } from 'react';
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
import type { CallResult } from './useOperator';

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
  if (!snapshot) return <p className="text-sm text-slate-600 dark:text-slate-400">Loading…</p>;
  const base = baseUrl(snapshot);
  const clients = clientsOf(snapshot);
  const current = clients.find((c) => c.clientId === selected) ?? clients[0];
  const curl = (call: OperatorCall) => curlCommand(call, base, key.trim() || KEY_PLACEHOLDER);
  return (
    <div className="space-y-4" data-testid="operator">
      <p className={muted}>
        The management API of the reference (<code>/api/v5/gateways/coap/clients</code>), on the
        gateway in this page. Each action below is the same call curl makes to{' '}
        <code>npm start</code>; both show in the journal as <em>operator</em>.
      </p>
      <Field
        label="API key for the curl commands"
        htmlFor={`${id}-key`}
        hint="As npm start printed it (KEY:SECRET). It stays in this page; blank shows a placeholder."
      >
        <input
          id={`${id}-key`}
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
            Clients
          </h3>
          <button
            type="button"
            className={smallButton}
            onClick={() => void run('list', 'List clients', LIST)}
          >
            Call GET …/clients
          </button>
        </div>
        {clients.length === 0 ? (
          <p className={emptyNote}>
            {snapshot.config.connection_required
              ? 'No client is connected. Connect one (POST mqtt/connection?clientid=…) from the composer.'
              : 'The API lists connected clients only, and connectionless mode has none: open the page with ?connection_required=true (Settings).'}
          </p>
        ) : (
          <ClientsTable
            clients={clients}
            selected={current?.clientId}
            onSelect={setSelected}
            onKick={(c) =>
              void run('kick', `Kick ${c}`, { method: 'DELETE', path: clientPath(c), query: [] })
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
              void run('subscribe', `Subscribe ${current.clientId} to ${topic}`, {
                method: 'POST',
                path: clientPath(current.clientId, '/subscriptions'),
                query: [],
                body: { topic, qos },
              })
            }
            onRemove={(topic) =>
              void run('unsubscribe', `Unsubscribe ${current.clientId} from ${topic}`, {
                method: 'DELETE',
                path: clientPath(current.clientId, `/subscriptions/${encodeURIComponent(topic)}`),
                query: [],
              })
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
              Send a request to this device ({current.clientId})
            </h3>
            <RequestForm
              clientid={current.clientId}
              busy={
                results.request !== undefined && !results.request.answer && !results.request.error
              }
              onSend={(call) => void run('request', `Request to ${current.clientId}`, call)}
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
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700">
      <table className="w-full text-xs" aria-label="Connected clients">
        <thead className="bg-slate-50 text-slate-700 dark:bg-slate-900 dark:text-slate-300">
          <tr>
            {['Client ID', 'Username', 'Address', 'Keep-alive', 'Connected at', 'Subs'].map((h) => (
              <th key={h} scope="col" className={`${cell} font-semibold`}>
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
                  title="Manage this client's subscriptions and send it a request"
                >
                  {c.clientId}
                </button>
                <button
                  type="button"
                  className={`${smallButton} mt-1 block font-sans whitespace-nowrap`}
                  aria-label={`Kick ${c.clientId}`}
                  onClick={() => onKick(c.clientId)}
                >
                  Kick
                </button>
              </td>
              <td className={`${cell} break-all`}>{c.username ?? '—'}</td>
              <td className={`${cell} font-mono break-all`}>{endpointKey(c.peer)}</td>
              <td className={cell}>{Math.floor(c.checkInterval / 1000)} s</td>
              <td className={cell}>
                {c.connectedAt === undefined ? '—' : new Date(c.connectedAt).toLocaleTimeString()}
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
  const [topic, setTopic] = useState('down/1');
  const [qos, setQos] = useState(1);
  return (
    <section aria-labelledby={`${id}-subs`} className="space-y-2">
      <h3 id={`${id}-subs`} className={sectionHeading}>
        Subscriptions of {client.clientId}
      </h3>
      {client.observes.length === 0 ? (
        <p className={muted}>
          None. A subscription made here reaches the device as notifications with an empty token.
        </p>
      ) : (
        <ul className="space-y-1 text-xs" aria-label={`Subscriptions of ${client.clientId}`}>
          {client.observes.map((o) => (
            <li key={o.filter} className="flex items-center gap-2">
              <span className="font-mono break-all">{o.topic}</span>
              <span className={muted}>QoS {o.qos}</span>
              <span className={muted}>{o.token ? `token ${o.token}` : 'empty token (API)'}</span>
              <button
                type="button"
                className={`${smallButton} ml-auto`}
                aria-label={`Remove the subscription to ${o.topic}`}
                onClick={() => onRemove(o.topic)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="flex items-end gap-2"
        aria-label={`Add a subscription for ${client.clientId}`}
        onSubmit={(e) => {
          e.preventDefault();
          onAdd(topic, qos);
        }}
      >
        <Field label="Topic" htmlFor={`${id}-topic`} className="flex-1">
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
          Subscribe
        </button>
      </form>
    </section>
  );
}

/** A call's status and JSON body, and its curl command to copy. */
function Outcome({ result, curl }: { result: CallResult | undefined; curl: string | undefined }) {
  if (!result || !curl) return null;
  const a = result.answer;
  const ok = a !== undefined && a.status < 400;
  return (
    <div
      className="space-y-1 rounded-lg border border-slate-200 p-2 text-xs dark:border-slate-700"
      data-testid="operator-outcome"
    >
      <p className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{result.what}</span>
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
            ? `failed: ${result.error}`
            : a === undefined
              ? 'waiting…'
              : `HTTP ${a.status}`}
        </span>
      </p>
      {a?.body !== undefined && (
        <pre className="max-h-40 overflow-auto rounded bg-slate-50 p-1.5 font-mono text-[11px] break-all whitespace-pre-wrap dark:bg-slate-900">
          {JSON.stringify(a.body, null, 1)}
        </pre>
      )}
      <div className="flex items-start gap-2">
        <code className="min-w-0 flex-1 font-mono text-[11px] break-all text-slate-700 dark:text-slate-300">
          {curl}
        </code>
        <CopyButton text={curl} label="Copy the curl command" />
      </div>
    </div>
  );
}

/** The latest management API calls, from curl or this view, newest first (the journal's). */
function Activity() {
  const version = usePlayground((s) => s.journalVersion);
  const journal = usePlayground((s) => s.journal);
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
    <section aria-label="API calls" className="space-y-1">
      <h3 className={sectionHeading}>API calls (curl and this view)</h3>
      {items.length === 0 ? (
        <p className={muted}>None yet.</p>
      ) : (
        <ol className="space-y-0.5 text-xs" data-testid="operator-activity">
          {items.map((e) => (
            <li key={e.seq} className="flex gap-2">
              <span className="w-[4.6rem] shrink-0 font-mono text-[11px] text-slate-600 tabular-nums dark:text-slate-400">
                {formatTime(e.at)}
              </span>
              <span className="min-w-0 break-words">
                <span className="font-mono break-all">
                  {e.event.method} {e.event.path.replace('/api/v5/gateways/coap', '…')}
                </span>{' '}
                <span className="font-semibold">
                  {e.event.phase === 'sent' ? 'sent' : e.event.status}
                </span>
                {e.event.source === 'page' ? <span className={muted}> · this view</span> : null}
                {e.event.text ? <span className={muted}> · {e.event.text}</span> : null}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
