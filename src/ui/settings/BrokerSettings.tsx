import { useEffect, useState } from 'react';
import { alertPill } from '../kit/styles';
import type { BrokerView } from '../../worker/api';
import { useDispatch, useSnapshot } from '../state/playground';
import { Field, Group, fieldInput, hint } from './fields';

/** Re-renders every second while `on`, for countdowns. */
function useTick(on: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [on]);
  return now;
}

/** The link's state in words, with the colour of its dot. */
function linkState(view: BrokerView, now: number): { dot: string; text: string } {
  if (view.backend === 'built-in')
    return { dot: 'bg-slate-400', text: 'Built-in broker model (in this page)' };
  const l = view.link;
  switch (l.state) {
    case 'connected':
      return { dot: 'bg-emerald-500', text: `Connected to ${view.url}` };
    case 'connecting':
      return {
        dot: 'bg-sky-500',
        text: `Connecting to ${view.url}…${l.attempt ? ` (attempt ${l.attempt + 1})` : ''}`,
      };
    case 'reconnecting': {
      const s = Math.max(0, Math.ceil((l.retryAt - now) / 1000));
      return {
        dot: 'bg-rose-500',
        text: `No connection to ${view.url}: ${l.reason}. Reconnecting in ${s} s`,
      };
    }
    case 'closed':
      return {
        dot: l.reason ? 'bg-rose-500' : 'bg-slate-400',
        text: `Closed the connection to ${view.url}${l.reason ? `: ${l.reason}` : ''}`,
      };
  }
}

/** The broker link's state as a badge (settings panel and page header). */
export function BrokerBadge({ view }: { view: BrokerView }) {
  const now = useTick(view.backend === 'remote' && view.link.state === 'reconnecting');
  const s = linkState(view, now);
  return (
    <span
      data-testid="broker-state"
      data-state={view.backend === 'remote' ? view.link.state : 'built-in'}
      className="inline-flex items-center gap-1.5 rounded-full border border-slate-300 px-2 py-0.5 text-xs dark:border-slate-700"
    >
      <span aria-hidden="true" className={`h-2 w-2 shrink-0 rounded-full ${s.dot}`} />
      <span>{s.text}</span>
    </span>
  );
}

/** In the header, only when a real broker is in use: its state and the clock warning. */
export function BrokerStatus() {
  const snap = useSnapshot((s) => ({ broker: s.broker, clockRate: s.clockRate }));
  if (!snap || snap.broker.backend !== 'remote') return null;
  return (
    <div className="flex items-center gap-2 text-xs">
      <BrokerBadge view={snap.broker} />
      {snap.clockRate !== 1 && (
        <span role="alert" className={alertPill}>
          Clock at {snap.clockRate === 0 ? 'pause' : `×${snap.clockRate}`}: the real broker's
          clients see the changed timing
        </span>
      )}
    </div>
  );
}

/**
 * The `broker` setting: the built-in broker model, or a real MQTT broker over
 * MQTT-over-WebSocket (issue 7). Choosing one starts a new world on it.
 */
export function BrokerSettings({
  onDone,
  onError,
}: {
  onDone: (message: string) => Promise<void>;
  onError: (message: string) => void;
}) {
  const view = useSnapshot((s) => s.broker);
  const dispatch = useDispatch();
  const current = view?.backend === 'remote' ? view.url : '';
  const [draft, setDraft] = useState<string | undefined>(undefined);
  if (!view) return null;
  const value = draft ?? current;

  const use = (url: string) => {
    void dispatch({ type: 'set-broker', url }).then((r) => {
      setDraft(undefined);
      if (!r.ok) return onError(`Not applied: ${r.error}`);
      return onDone(
        url
          ? `Applied: broker = ${url}. A new world started on it.`
          : 'Applied: the built-in broker. A new world started on it.',
      );
    });
  };

  return (
    <Group title="MQTT broker">
      <Field
        label="Broker"
        configKey="broker"
        hint={
          <>
            Empty: the built-in broker model. Otherwise the <code>ws://</code> or{' '}
            <code>wss://</code> URL of a real broker&apos;s MQTT-over-WebSocket listener (mosquitto:
            a <code>listener</code> with <code>protocol websockets</code>; EMQX:{' '}
            <code>ws://host:8083/mqtt</code>). CoAP publishes then reach its MQTT subscribers and
            its publishes reach CoAP observers. Changing it starts a new world.
          </>
        }
      >
        {(f) => (
          <div className="flex gap-2">
            <input
              id={f.id}
              aria-describedby={f.describedBy}
              className={fieldInput}
              placeholder="built-in, or ws://127.0.0.1:9001"
              value={value}
              spellCheck={false}
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') use(value.trim());
              }}
            />
            <button
              type="button"
              onClick={() => use(value.trim())}
              disabled={value.trim() === current}
              className="shrink-0 rounded-md border border-slate-300 px-2.5 py-1 text-sm font-medium hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800"
            >
              Use
            </button>
          </div>
        )}
      </Field>
      <div className="flex flex-wrap items-center gap-2">
        <BrokerBadge view={view} />
        {view.backend === 'remote' && (
          <button
            type="button"
            onClick={() => use('')}
            className="rounded-md px-2 py-0.5 text-xs text-sky-800 underline hover:text-sky-950 dark:text-sky-300"
          >
            Back to the built-in broker
          </button>
        )}
      </div>
      {view.backend === 'remote' && (
        <>
          <p className={hint} data-testid="broker-stats">
            {view.stats.sent} sent · {view.stats.queued} queued · {view.stats.flushed} sent from the
            queue · {view.stats.dropped} dropped · {view.stats.received} received ·{' '}
            {view.stats.filters} topic {view.stats.filters === 1 ? 'filter' : 'filters'} subscribed
          </p>
          {view.events.length > 0 && (
            <ul className={`${hint} list-disc space-y-0.5 pl-4`} data-testid="broker-events">
              {view.events.map((e, i) => (
                <li key={`${e.at}-${i}`}>
                  {new Date(e.at).toLocaleTimeString()}: {e.text}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Group>
  );
}
