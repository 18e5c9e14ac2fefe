import { useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClockRate } from '../../sim';
import { formatDuration, formatTime } from '../layout/format';
import { useDispatch, useSnapshot } from '../state/playground';
import { usePlayground } from '../state/store';
import { useVirtualNow } from '../state/useVirtualNow';

/** The speeds; `label` is a message id for Pause, the ×n itself otherwise; `title` a message id. */
const RATES: ReadonlyArray<{ rate: ClockRate; label: string; title: string }> = [
  { rate: 0, label: 'shell:clock.pause', title: 'shell:clock.pause-title' },
  { rate: 1, label: '×1', title: 'shell:clock.x1-title' },
  { rate: 2, label: '×2', title: 'shell:clock.x2-title' },
  { rate: 10, label: '×10', title: 'shell:clock.x10-title' },
  { rate: 100, label: '×100', title: 'shell:clock.x100-title' },
];

const ADVANCES = [30_000, 60_000] as const;
/** The longest free fast-forward, in seconds: an hour of virtual time at once. */
const ADVANCE_MAX = 3600;

const segment =
  'px-2.5 py-1 text-sm font-medium focus:outline-none focus-visible:relative focus-visible:z-10 focus-visible:ring-2 focus-visible:ring-sky-500';
const toolButton =
  'inline-flex items-center gap-1 whitespace-nowrap rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm font-medium text-slate-800 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 disabled:cursor-not-allowed disabled:opacity-50 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700';

/**
 * The virtual clock in the header: what time it is in the world, how fast it runs, and buttons
 * to jump to the next deadline or fast-forward, so keep-alives and retransmissions happen in
 * front of the user instead of after a minute of waiting.
 */
export function ClockControls() {
  const { t } = useTranslation();
  const clock = usePlayground((s) => s.clock);
  // While an imported capture is shown, the time is the capture's (it does not run), and the
  // speed buttons are the live world's, which keeps running behind it (the banner says so).
  const live = useSnapshot((s) => (s.capture ? { rate: s.clockRate } : undefined));
  const rate = live?.rate ?? clock.rate;
  const now = useVirtualNow(100);
  const dispatch = useDispatch();
  const radios = useRef<(HTMLButtonElement | null)[]>([]);
  const current = Math.max(
    0,
    RATES.findIndex((r) => r.rate === rate),
  );

  const setRate = (i: number) => {
    const r = RATES[(i + RATES.length) % RATES.length];
    void dispatch({ type: 'clock-rate', rate: r.rate });
    return (i + RATES.length) % RATES.length;
  };

  // WAI-ARIA radio group: arrows move the choice (and focus), Home/End jump.
  const onKey = (e: KeyboardEvent) => {
    const next =
      e.key === 'ArrowRight' || e.key === 'ArrowDown'
        ? current + 1
        : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
          ? current - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? RATES.length - 1
              : undefined;
    if (next === undefined) return;
    e.preventDefault();
    radios.current[setRate(next)]?.focus();
  };

  const next = clock.nextDeadline;
  const stepTitle =
    next === undefined
      ? t('shell:clock.step-none-title')
      : t('shell:clock.step-title', { at: formatTime(next), in: formatDuration(next - now) });

  return (
    <div
      className="flex flex-wrap items-center gap-x-3 gap-y-2"
      role="group"
      aria-label={t('shell:clock.group')}
    >
      <div className="flex min-w-[9.5rem] flex-col leading-tight">
        <span className="text-[11px] font-medium tracking-wide text-slate-600 uppercase dark:text-slate-400">
          {live
            ? t('shell:clock.capture-time')
            : rate === 0
              ? t('shell:clock.virtual-time-paused')
              : t('shell:clock.virtual-time')}
        </span>
        <span
          role="timer"
          aria-label={t('shell:clock.virtual-time')}
          data-testid="virtual-time"
          className="font-mono text-sm font-semibold tabular-nums"
        >
          {formatTime(now)}
        </span>
      </div>

      <div
        role="radiogroup"
        aria-label={live ? t('shell:clock.speed-live') : t('shell:clock.speed')}
        onKeyDown={onKey}
        className="inline-flex overflow-hidden rounded-md border border-slate-300 bg-white shadow-sm dark:border-slate-700 dark:bg-slate-800"
      >
        {RATES.map((r, i) => {
          const checked = i === current;
          return (
            <button
              key={r.rate}
              ref={(el) => {
                radios.current[i] = el;
              }}
              type="button"
              role="radio"
              aria-checked={checked}
              tabIndex={checked ? 0 : -1}
              title={t(r.title)}
              onClick={() => setRate(i)}
              className={`${segment} ${i > 0 ? 'border-l border-slate-300 dark:border-slate-700' : ''} ${
                checked
                  ? r.rate === 0
                    ? 'bg-amber-100 text-amber-900 dark:bg-amber-900/60 dark:text-amber-100'
                    : 'bg-sky-700 text-white dark:bg-sky-700'
                  : 'text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-700'
              }`}
            >
              {r.rate === 0 ? <PauseIcon /> : null}
              {r.rate === 0 ? t(r.label) : r.label}
            </button>
          );
        })}
      </div>

      <div className="flex flex-wrap items-center gap-1.5">
        <button
          type="button"
          className={toolButton}
          disabled={next === undefined}
          title={stepTitle}
          aria-describedby="clock-next-deadline"
          onClick={() => void dispatch({ type: 'clock-step' })}
        >
          <StepIcon />
          {t('shell:clock.step')}
        </button>
        <span id="clock-next-deadline" className="sr-only">
          {next === undefined
            ? t('shell:clock.next-none')
            : t('shell:clock.next-at', { at: formatTime(next) })}
        </span>
        {ADVANCES.map((ms) => (
          <button
            key={ms}
            type="button"
            className={toolButton}
            title={t('shell:clock.advance-title', { s: ms / 1000 })}
            onClick={() => void dispatch({ type: 'clock-advance', ms })}
          >
            {t('shell:clock.advance-by', { s: ms / 1000 })}
          </button>
        ))}
        <AdvanceBy onAdvance={(ms) => void dispatch({ type: 'clock-advance', ms })} />
      </div>
    </div>
  );
}

/** Fast-forward by any number of seconds (1 to ADVANCE_MAX). */
function AdvanceBy({ onAdvance }: { onAdvance: (ms: number) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('90');
  const n = Number(text);
  const ok = Number.isFinite(n) && n > 0 && n <= ADVANCE_MAX;
  return (
    <form
      className="inline-flex items-center"
      onSubmit={(e) => {
        e.preventDefault();
        if (ok) onAdvance(Math.round(n * 1000));
      }}
    >
      <input
        type="number"
        min={1}
        max={ADVANCE_MAX}
        step="any"
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-label={t('shell:clock.seconds')}
        aria-invalid={!ok}
        title={t('shell:clock.seconds-title', { max: ADVANCE_MAX })}
        className="w-16 rounded-l-md border border-slate-300 bg-white px-1.5 py-1 text-sm tabular-nums focus:outline-none focus-visible:relative focus-visible:ring-2 focus-visible:ring-sky-500 aria-invalid:border-rose-500 dark:border-slate-700 dark:bg-slate-950"
      />
      <button
        type="submit"
        disabled={!ok}
        className={`${toolButton} -ml-px rounded-l-none`}
        title={
          ok
            ? t('shell:clock.advance-title', { s: n })
            : t('shell:clock.seconds-range', { max: ADVANCE_MAX })
        }
      >
        {t('shell:clock.advance')}
      </button>
    </form>
  );
}

function PauseIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className="mr-1 inline h-3.5 w-3.5 align-[-2px]">
      <rect x="3.5" y="3" width="3" height="10" rx="0.8" fill="currentColor" />
      <rect x="9.5" y="3" width="3" height="10" rx="0.8" fill="currentColor" />
    </svg>
  );
}

function StepIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className="h-3.5 w-3.5">
      <path d="M3 3.2v9.6L10.2 8 3 3.2Z" fill="currentColor" />
      <rect x="11" y="3" width="2.2" height="10" rx="0.6" fill="currentColor" />
    </svg>
  );
}
