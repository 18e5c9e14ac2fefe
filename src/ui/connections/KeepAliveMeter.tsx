import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { ChannelView } from '../../worker/api';
import { formatDuration, formatTime } from '../layout/format';
import { secondsIn } from './closeReasons';
import { useOnScreen, useVirtualNow } from '../state/useVirtualNow';

type Timing = Pick<
  ChannelView,
  'id' | 'lastRecvAt' | 'lastRecvSummary' | 'expiresAt' | 'checkInterval' | 'maxIdle' | 'createdAt'
>;

/** How long a reset stays highlighted, in real milliseconds (so it shows at ×100 too). */
const RESET_HIGHLIGHT_MS = 2500;

const reducedMotion = () =>
  typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

/**
 * A channel's keep-alive (gateway-behaviour §1.6) as a draining bar: full right after a datagram, empty when
 * the check that closes the channel fires. A datagram that resets it flashes the bar and says
 * which datagram it was, because "any inbound datagram counts" is the lesson.
 */
export function KeepAliveMeter({ channel }: { channel: Timing }) {
  const { lastRecvAt, lastRecvSummary, expiresAt, checkInterval, maxIdle } = channel;
  const { t } = useTranslation();
  // `15 s` with a no-break space, as the settings say it; `15 秒` in Chinese.
  const secs = (ms: number) => t('connections:seconds', { s: secondsIn(ms) });
  const root = useRef<HTMLDivElement>(null);
  // A meter ticks only while it is on screen, on the ticker the header's clock shares: a gateway
  // with dozens of real peers (one channel each) must not redraw every card ten times a second.
  const onScreen = useOnScreen(root).on;
  const now = useVirtualNow(100, onScreen);
  const glow = useRef<HTMLDivElement>(null);
  const flash = useRef<Animation | undefined>(undefined);

  // A datagram that resets the keep-alive is named as the reset for a while ("Reset by …").
  const [resetAt, setResetAt] = useState<number | undefined>(undefined);
  const [seenRecvAt, setSeenRecvAt] = useState(lastRecvAt);
  if (seenRecvAt !== lastRecvAt) {
    setSeenRecvAt(lastRecvAt);
    setResetAt(lastRecvAt);
  }
  useEffect(() => {
    if (resetAt === undefined) return;
    const t = setTimeout(() => setResetAt(undefined), RESET_HIGHLIGHT_MS);
    return () => clearTimeout(t);
  }, [resetAt]);

  // The flash is for the eye: none off screen, and a peer that keeps talking keeps the one
  // that is running. It fades a glow over the bar (opacity only, which the compositor animates
  // on its own thread): an animated box-shadow and filter had the main thread restyle and
  // repaint the page in every frame while a flood of datagrams kept restarting it.
  const flashIfSeen = useEffectEvent(() => {
    if (onScreen && !reducedMotion() && flash.current?.playState !== 'running')
      flash.current = glow.current?.animate([{ opacity: 1 }, { opacity: 0 }], {
        duration: 1200,
        easing: 'ease-out',
      });
  });
  const previous = useRef(lastRecvAt);
  useEffect(() => {
    if (previous.current === lastRecvAt) return;
    previous.current = lastRecvAt;
    flashIfSeen();
  }, [lastRecvAt]);

  const span = Math.max(1, expiresAt - lastRecvAt);
  const remaining = Math.max(0, expiresAt - now);
  const fraction = Math.min(1, remaining / span);
  const tone =
    remaining === 0
      ? 'bg-rose-600'
      : fraction > 0.5
        ? 'bg-emerald-500'
        : fraction > 0.2
          ? 'bg-amber-500'
          : 'bg-rose-500';
  const idleFor = Math.max(0, now - lastRecvAt);
  const status =
    remaining === 0
      ? t('connections:keepalive.expiringNow')
      : t('connections:keepalive.expiresIn', { left: formatDuration(remaining) });

  return (
    <div ref={root} className="space-y-1.5" data-testid="keepalive">
      <div className="flex items-baseline justify-between gap-2 text-xs">
        <span className="font-medium text-slate-700 dark:text-slate-300">
          {t('connections:keepalive.title')}
        </span>
        <span
          className={`font-mono tabular-nums ${remaining < checkInterval ? 'font-semibold text-rose-700 dark:text-rose-400' : 'text-slate-700 dark:text-slate-300'}`}
          data-testid="keepalive-countdown"
        >
          {status}
          <span className="text-slate-600 dark:text-slate-400">
            {' '}
            · {t('connections:keepalive.at', { at: formatTime(expiresAt) })}
          </span>
        </span>
      </div>
      <div className="relative">
        <div
          role="progressbar"
          aria-label={t('connections:keepalive.left')}
          aria-valuemin={0}
          aria-valuemax={Math.round(span / 1000)}
          aria-valuenow={Math.round(remaining / 1000)}
          aria-valuetext={status}
          className="h-2 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
        >
          {/* Drains by sliding left (a transform: no layout, no repaint at each tick). */}
          <div
            className={`h-full rounded-full ${tone}`}
            style={{ transform: `translateX(-${((1 - fraction) * 100).toFixed(2)}%)` }}
          />
        </div>
        <div
          ref={glow}
          aria-hidden="true"
          className="pointer-events-none absolute inset-0 rounded-full bg-white/35 opacity-0 shadow-[0_0_0_4px_rgb(14_165_233_/_0.7)]"
        />
      </div>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        {t('connections:keepalive.timing', {
          check: secs(checkInterval),
          idle: secs(maxIdle),
          latest: secs(maxIdle + checkInterval),
        })}
      </p>
      <p
        data-testid="keepalive-last"
        data-reset={resetAt !== undefined ? 'true' : undefined}
        className={`rounded px-1.5 py-1 text-xs transition-colors duration-500 ${
          resetAt !== undefined
            ? 'bg-sky-100 text-sky-900 dark:bg-sky-900/50 dark:text-sky-100'
            : 'bg-slate-50 text-slate-700 dark:bg-slate-800/60 dark:text-slate-300'
        }`}
      >
        {lastRecvSummary ? (
          <>
            <Trans
              i18nKey={
                resetAt !== undefined
                  ? 'connections:keepalive.resetBy'
                  : 'connections:keepalive.lastDatagram'
              }
              values={{ ago: formatDuration(idleFor) }}
              components={{
                b: <span className="font-medium" />,
                datagram: (
                  <span className="font-mono break-all" translate="no">
                    {lastRecvSummary}
                  </span>
                ),
              }}
            />
          </>
        ) : (
          <span>{t('connections:keepalive.none', { at: formatTime(channel.createdAt) })}</span>
        )}
      </p>
    </div>
  );
}
