import { useEffect, useId, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { Msg } from '../../wire/msg';
import type { Comparison, ComparisonRow, StepOutcome } from '../../worker/api';
import { LIFECYCLE_SCRIPT } from '../../worker/scripts';
import { button, muted, primaryButton } from '../kit/styles';
import { INTENTS, parseScript, scriptToJson } from './script-json';
import { useBridge } from '../state/playground';
import { useViews } from '../state/views';
import { DATA_TAGS, MsgText } from '../i18n/MsgText';

/** The parts of a step's outcome, named by `sidebyside:part.<part>`. */
type Part = ComparisonRow['differs'][number];

/**
 * Side by side: the seed document's lifecycle script run against two fresh headless gateways
 * (same seed), connection mode on the left and connectionless mode on the right, step by step,
 * with the steps whose outcome differs highlighted and explained. The playground's own world is
 * not touched.
 */
export function SideBySide() {
  const { t } = useTranslation();
  const bridge = useBridge();
  const ids = useId();
  const [result, setResult] = useState<Comparison>();
  // A script that does not parse says why as a message; a run that fails, in the worker's words.
  const [error, setError] = useState<Msg | string>();
  const [busy, setBusy] = useState(false);
  const [text, setTextState] = useState(() => scriptToJson(LIFECYCLE_SCRIPT));
  // An error about the script lasts until the script changes: then it may no longer hold.
  const setText = (t: string) => {
    setTextState(t);
    setError(undefined);
  };
  const run = async (script = text) => {
    const parsed = parseScript(script);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      setResult(await bridge.compareModes(parsed.scenario));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  // Opened to be run (the welcome's "Compare both modes"): run the lifecycle script once.
  const pending = useViews((s) => s.comparePending);
  useEffect(() => {
    if (!pending) return;
    // In a task of its own: the run sets this component's state as it goes.
    const t = setTimeout(() => {
      useViews.getState().compareStarted();
      void run(scriptToJson(LIFECYCLE_SCRIPT));
    });
    return () => clearTimeout(t);
    // `run` is this render's; only the request matters here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pending]);
  const differing = result?.rows.filter((r) => r.differs.length).length ?? 0;
  return (
    <div className="space-y-3" data-testid="side-by-side">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className={`${muted} max-w-prose`}>
          <Trans
            i18nKey="sidebyside:intro"
            values={{ placeholder: '{token}' }}
            components={{ ...DATA_TAGS, b: <strong /> }}
          />
        </p>
        <button type="button" className={primaryButton} onClick={() => void run()} disabled={busy}>
          {result ? t('sidebyside:run-again') : t('sidebyside:run')}
        </button>
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer text-slate-700 select-none dark:text-slate-300">
          {t('sidebyside:edit')}
        </summary>
        <div className="mt-2 space-y-2">
          <p className={muted}>
            <Trans
              i18nKey="sidebyside:edit.help"
              values={{ intents: INTENTS }}
              components={DATA_TAGS}
            />
          </p>
          <label htmlFor={`${ids}-script`} className="block text-xs font-medium">
            {t('sidebyside:script')}
          </label>
          <textarea
            id={`${ids}-script`}
            translate="no"
            value={text}
            onChange={(e) => setText(e.target.value)}
            spellCheck={false}
            rows={16}
            className="w-full rounded-md border border-slate-300 bg-white p-2 font-mono text-xs text-slate-900 focus:border-sky-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100"
          />
          <button
            type="button"
            className={`${button} text-xs`}
            onClick={() => setText(scriptToJson(LIFECYCLE_SCRIPT))}
          >
            {t('sidebyside:reset-script')}
          </button>
        </div>
      </details>
      {error && (
        <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">
          {typeof error === 'string' ? (
            error
          ) : (
            <Trans
              i18nKey="sidebyside:not-run"
              components={{
                error: (
                  <span>
                    <MsgText m={error} components={DATA_TAGS} />
                  </span>
                ),
              }}
            />
          )}
        </p>
      )}
      {result && (
        <>
          <p role="status" className="text-sm font-medium">
            {t('sidebyside:summary', {
              differing,
              total: result.rows.length,
              seed: String(result.seed),
            })}
          </p>
          <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700">
            <table className="w-full border-collapse text-left text-sm">
              <caption className="sr-only">{t('sidebyside:caption')}</caption>
              <thead className="bg-slate-50 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300">
                <tr>
                  <th scope="col" className="px-2 py-1.5">
                    {t('sidebyside:col.step')}
                  </th>
                  <th scope="col" className="px-2 py-1.5">
                    {t('sidebyside:col.connection')}
                  </th>
                  <th scope="col" className="px-2 py-1.5">
                    {t('sidebyside:col.connectionless')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {result.rows.map((r) => (
                  <Row key={r.index} row={r} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}

function Row({ row }: { row: ComparisonRow }) {
  const { t } = useTranslation();
  const differs = row.differs.length > 0;
  return (
    <>
      <tr
        data-testid="compare-row"
        data-differs={differs}
        className={`border-t border-slate-200 align-top dark:border-slate-700 ${differs ? 'bg-amber-50 dark:bg-amber-950/40' : ''}`}
      >
        <th scope="row" className="px-2 py-1.5 text-left font-normal">
          <span className="font-mono text-xs break-all" data-testid="compare-step">
            <MsgText m={row.step} />
          </span>
          {differs && (
            <span className="mt-1 block text-xs font-semibold text-amber-900 dark:text-amber-200">
              {t('sidebyside:differs', {
                parts: row.differs
                  .map((d: Part) => t(`sidebyside:part.${d}`))
                  .join(t('sidebyside:separator')),
              })}
            </span>
          )}
        </th>
        <td className="px-2 py-1.5">
          <Outcome o={row.connection} row={row} />
        </td>
        <td className="px-2 py-1.5">
          <Outcome o={row.connectionless} row={row} />
        </td>
      </tr>
      {row.why && (
        <tr className={differs ? 'bg-amber-50 dark:bg-amber-950/40' : ''}>
          <td colSpan={3} className="px-2 pb-2 text-xs text-slate-700 dark:text-slate-300">
            <span className="font-semibold">{t('sidebyside:why')}</span>
            <span data-testid="compare-why">
              <MsgText m={row.why} />
            </span>
          </td>
        </tr>
      )}
    </>
  );
}

const MARK = 'rounded px-1 ring-2 ring-amber-500 ring-inset dark:ring-amber-400';

function Outcome({ o, row }: { o: StepOutcome; row: ComparisonRow }) {
  const { t } = useTranslation();
  const hl = (part: ComparisonRow['differs'][number]) => (row.differs.includes(part) ? MARK : '');
  const code = o.response?.code;
  const tone = code?.startsWith('2.')
    ? 'text-emerald-800 dark:text-emerald-300'
    : 'text-rose-800 dark:text-rose-300';
  return (
    <div className="space-y-0.5 text-xs">
      {!o.result.ok && (
        <p className="text-rose-800 dark:text-rose-300">
          <MsgText m={o.result.error} />
        </p>
      )}
      {o.response ? (
        <p className={hl('response')} data-part="response">
          <span className={`font-mono font-semibold ${tone}`}>{o.response.code}</span>
          {o.response.payload && (
            <span className="break-all" translate="no">
              {' '}
              “{o.response.payload}”
            </span>
          )}
        </p>
      ) : o.timedOut ? (
        <p className={hl('response')} data-part="response">
          {t('sidebyside:timed-out')}
        </p>
      ) : null}
      {o.notifications.map((n, i) => (
        <p key={`n${i}`} className={hl('notifications')} data-part="notifications">
          {t('sidebyside:notification')} <span translate="no">{n}</span>
        </p>
      ))}
      {o.mqtt.map((m, i) => (
        <p key={`m${i}`} className={hl('mqtt')} data-part="mqtt">
          {t('sidebyside:mqtt')} <span translate="no">{m}</span>
        </p>
      ))}
      {o.lifecycle.map((l, i) => (
        <p key={`l${i}`} className={hl('lifecycle')} data-testid="compare-lifecycle">
          <MsgText m={l} />
        </p>
      ))}
    </div>
  );
}
