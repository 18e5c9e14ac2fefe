import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { CopyButton } from '../kit/CopyButton';
import { button, muted } from '../kit/styles';
import { RELAY } from '../composer/Composer';
import { MODE_SWITCH_RESETS, useSwitchMode } from '../composer/mode-switch';
import type { GatewayMode } from '../composer/presets';
import { startLesson } from '../lessons/runner';
import { useDispatch, useSnapshot } from '../state/playground';
import { useViews } from '../state/views';
import { terminalSteps } from './commands';

/** localStorage key: set once the welcome was dismissed; it never shows again after that. */
export const WELCOME_STORAGE_KEY = 'coap-playground-welcome';

/**
 * A first visit: nothing in the page address but its language (a link to a setup, a lesson or a
 * scenario is not one; `lang=` only says how to read the page) and the welcome never dismissed on
 * this browser.
 */
export function isFirstVisit(): boolean {
  const query = new URLSearchParams(window.location.search);
  query.delete('lang');
  if (query.size !== 0) return false;
  try {
    return localStorage.getItem(WELCOME_STORAGE_KEY) === null;
  } catch {
    // Storage refused (a privacy mode): a welcome that cannot stay away is not shown at all.
    return false;
  }
}

function remember(): void {
  try {
    localStorage.setItem(WELCOME_STORAGE_KEY, 'dismissed');
  } catch {
    // Nothing to do: it is gone for this page at least.
  }
}

const FIRST_LESSON = 'connection-lifecycle';

/** Brings a column's panel into view when it is not (a narrow page stacks or switches them). */
function reveal(panel: 'gateway' | 'traffic'): void {
  requestAnimationFrame(() => {
    const el = document.querySelector(`[aria-labelledby="${panel}-title"]`);
    if (!el) return;
    const r = el.getBoundingClientRect();
    if (r.top < 0 || r.top > window.innerHeight * 0.5) el.scrollIntoView({ block: 'start' });
  });
}

const choice =
  'block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-left hover:border-sky-500 hover:bg-sky-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 disabled:opacity-50 dark:border-slate-700 dark:bg-slate-800 dark:hover:border-sky-400 dark:hover:bg-slate-700';

/**
 * The first visit's welcome: three ways in (a lesson in connection mode, both modes side by
 * side, a real client from a terminal), not in the way of the page (it covers a corner, not the
 * page), and gone for good once dismissed or once a way in is taken.
 */
export function Welcome() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(isFirstVisit);
  const [terminal, setTerminal] = useState(false);
  const ids = useId();
  const dispatch = useDispatch();
  const setSide = useViews((s) => s.setSide);
  const runCompare = useViews((s) => s.runCompare);
  if (!open) return null;
  const close = () => {
    remember();
    setOpen(false);
  };
  return (
    <section
      role="dialog"
      aria-modal="false"
      aria-labelledby={`${ids}-title`}
      data-testid="welcome"
      className="fixed inset-x-2 bottom-2 z-30 max-h-[calc(100dvh-1rem)] overflow-y-auto rounded-xl border border-slate-300 bg-white p-4 text-sm text-slate-900 shadow-2xl sm:inset-x-auto sm:right-4 sm:bottom-4 sm:w-[30rem] dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <div className="flex items-start justify-between gap-3">
        <h2 id={`${ids}-title`} className="text-base font-semibold">
          {t('welcome:title')}
        </h2>
        <button type="button" className={`${button} text-xs`} onClick={close}>
          {t('welcome:close')}
        </button>
      </div>
      <p className="mt-1 text-slate-700 dark:text-slate-300">
        <Trans
          i18nKey="welcome:intro"
          components={{ name: <span translate="no" className="font-mono" /> }}
        />
      </p>
      <ul className="mt-3 space-y-2">
        <li>
          <Way
            title={t('welcome:way.lesson')}
            onClick={() => {
              close();
              setSide('lessons');
              reveal('gateway');
              void startLesson(dispatch, FIRST_LESSON);
            }}
          >
            {t('welcome:way.lesson-what')}
          </Way>
        </li>
        <li>
          <Way
            title={t('welcome:way.compare')}
            onClick={() => {
              close();
              runCompare();
              reveal('traffic');
            }}
          >
            {t('welcome:way.compare-what')}
          </Way>
        </li>
        <li>
          <Way
            title={t('welcome:way.terminal')}
            expanded={terminal}
            controls={`${ids}-terminal`}
            onClick={() => setTerminal((t) => !t)}
          >
            {t('welcome:way.terminal-what')}
          </Way>
          {terminal && <Terminal id={`${ids}-terminal`} />}
        </li>
      </ul>
      <p className={`${muted} mt-3`}>{t('welcome:closed')}</p>
    </section>
  );
}

/** The real-client commands for the relay this page is attached to, in the gateway's mode. */
function Terminal({ id }: { id: string }) {
  const { t } = useTranslation();
  const view = useSnapshot((s) => ({
    relay: s.relay.state === 'attached' ? s.relay.coap : undefined,
    relayState: s.relay.state,
    mode: (s.config.connection_required ? 'connection' : 'connectionless') as GatewayMode,
  }));
  const switchMode = useSwitchMode();
  const [switching, setSwitching] = useState(false);
  if (!view) return null;
  const relay = view.relay ? { host: view.relay.address, port: view.relay.port } : RELAY;
  const steps = terminalSteps(relay, view.mode);
  const other: GatewayMode = view.mode === 'connection' ? 'connectionless' : 'connection';
  return (
    <div id={id} className="mt-2 space-y-2" data-testid="welcome-terminal">
      {view.relayState !== 'attached' && (
        <p className="rounded-md bg-amber-50 px-2 py-1.5 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-100">
          <Trans
            i18nKey="welcome:no-relay"
            values={{ address: `${relay.host}:${relay.port}` }}
            components={{ code: <code translate="no" className="font-mono" /> }}
          />
        </p>
      )}
      <p className={muted}>
        <Trans
          i18nKey="welcome:mode"
          values={{ mode: view.mode }}
          components={{
            code: <code translate="no" className="font-mono" />,
            product: <span translate="no" />,
          }}
        />
      </p>
      <ol className="space-y-2">
        {steps.map((s) => (
          <li key={s.command} className="space-y-1">
            <div className="flex items-center justify-between gap-2">
              <span className="text-xs font-medium">{s.what}</span>
              <CopyButton text={s.command} label={t('welcome:copy', { what: s.what })} />
            </div>
            <pre
              data-testid="welcome-command"
              translate="no"
              className="rounded-md bg-slate-900 px-2 py-1.5 font-mono text-[12px] leading-5 wrap-anywhere whitespace-pre-wrap text-slate-100 dark:bg-black dark:ring-1 dark:ring-slate-700"
            >
              {s.command}
            </pre>
          </li>
        ))}
      </ol>
      <div className="space-y-1">
        <button
          type="button"
          className={`${button} text-xs`}
          disabled={switching}
          onClick={() => {
            setSwitching(true);
            void switchMode(other).finally(() => setSwitching(false));
          }}
        >
          {t('welcome:switch', { mode: other })}
        </button>
        <p className={muted}>{t(MODE_SWITCH_RESETS)}</p>
      </div>
    </div>
  );
}

/** One way in: a button with its title and a line on what it does. */
function Way({
  title,
  children,
  onClick,
  expanded,
  controls,
}: {
  title: string;
  children: ReactNode;
  onClick: () => void;
  /** For a way that opens something below it (aria-expanded / aria-controls). */
  expanded?: boolean;
  controls?: string;
}) {
  return (
    <button
      type="button"
      className={choice}
      aria-expanded={expanded}
      aria-controls={controls}
      onClick={onClick}
    >
      <span className="block font-semibold text-sky-800 dark:text-sky-300">{title}</span>
      <span className={muted}>{children}</span>
    </button>
  );
}
