import { useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { msg, type Msg } from '../../wire/msg';
import { alertPill } from '../kit/styles';
import type { BrokerView } from '../../worker/api';
import { useDispatch, useSnapshot } from '../state/playground';
import { Field, Group, fieldInput, hint } from './fields';
import { DATA_TAGS, MsgText } from '../i18n/MsgText';
import { renderMsg } from '../i18n/msg';

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

/**
 * The link's state in words (a `settings:link.*` message: the URL as written, the reason as the
 * link said it), with the colour of its dot.
 */
function linkState(view: BrokerView, now: number): { dot: string; text: Msg } {
  if (view.backend === 'built-in')
    return { dot: 'bg-slate-400', text: msg('settings:link.built-in') };
  const l = view.link;
  const url = view.url;
  switch (l.state) {
    case 'connected':
      return { dot: 'bg-emerald-500', text: msg('settings:link.connected', { url }) };
    case 'connecting':
      return {
        dot: 'bg-sky-500',
        text: l.attempt
          ? msg('settings:link.connecting-again', { url, n: String(l.attempt + 1) })
          : msg('settings:link.connecting', { url }),
      };
    case 'reconnecting': {
      const s = Math.max(0, Math.ceil((l.retryAt - now) / 1000));
      return {
        dot: 'bg-rose-500',
        text: msg('settings:link.reconnecting', { url, reason: l.reason, s: String(s) }),
      };
    }
    case 'closed':
      return {
        dot: l.reason ? 'bg-rose-500' : 'bg-slate-400',
        text: l.reason
          ? msg('settings:link.closed-why', { url, reason: l.reason })
          : msg('settings:link.closed', { url }),
      };
  }
}

/** The link's own words (a reason, an event): said by the worker, not by this page. */
const LINK_WORDS = { e: <span data-said-by="broker-link" /> };

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
      <span>
        <MsgText m={s.text} components={{ ...DATA_TAGS, ...LINK_WORDS }} />
      </span>
    </span>
  );
}

/** In the header, only when a real broker is in use: its state and the clock warning. */
export function BrokerStatus() {
  const { t } = useTranslation();
  const snap = useSnapshot((s) => ({ broker: s.broker, clockRate: s.clockRate }));
  if (!snap || snap.broker.backend !== 'remote') return null;
  return (
    <div className="flex items-center gap-2 text-xs">
      <BrokerBadge view={snap.broker} />
      {snap.clockRate !== 1 && (
        <span role="alert" className={alertPill}>
          {t('settings:clock-warning', {
            paused: String(snap.clockRate === 0),
            rate: String(snap.clockRate),
          })}
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
  onDone: (message: Msg) => Promise<void>;
  onError: (message: Msg) => void;
}) {
  const { t, i18n } = useTranslation();
  const view = useSnapshot((s) => s.broker);
  const dispatch = useDispatch();
  const current = view?.backend === 'remote' ? view.url : '';
  const [draft, setDraft] = useState<string | undefined>(undefined);
  if (!view) return null;
  const value = draft ?? current;

  const use = (url: string) => {
    void dispatch({ type: 'set-broker', url }).then((r) => {
      setDraft(undefined);
      if (!r.ok) return onError(msg('settings:status.not-applied', { error: r.error }));
      return onDone(url ? msg('settings:status.broker', { url }) : msg('settings:status.built-in'));
    });
  };

  return (
    <Group title={t('settings:broker.group')}>
      <Field
        label={t('settings:broker.label')}
        configKey="broker"
        hint={
          <Trans i18nKey="settings:broker.hint" components={{ code: <code translate="no" /> }} />
        }
      >
        {(f) => (
          <div className="flex gap-2">
            <input
              id={f.id}
              aria-describedby={f.describedBy}
              className={fieldInput}
              placeholder={t('settings:broker.placeholder')}
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
              {t('settings:broker.use')}
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
            {t('settings:broker.back')}
          </button>
        )}
      </div>
      {view.backend === 'remote' && (
        <>
          <p className={hint} data-testid="broker-stats">
            {t('settings:broker.stats', { ...view.stats })}
          </p>
          {view.events.length > 0 && (
            <ul className={`${hint} list-disc space-y-0.5 pl-4`} data-testid="broker-events">
              {view.events.map((e, i) => (
                <li key={`${e.at}-${i}`}>
                  <Trans
                    i18nKey="settings:broker.event"
                    values={{
                      time: new Date(e.at).toLocaleTimeString(i18n.language),
                      text: renderMsg(e.text, t),
                    }}
                    components={LINK_WORDS}
                  />
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Group>
  );
}
