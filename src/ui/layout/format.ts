import { i18n } from '../i18n/i18n';

const digits = new Map<string, Intl.NumberFormat>();

/** A number with exactly `places` decimals in the page's language, without grouping. */
function fixed(n: number, places: number): string {
  const key = `${i18n.language}|${places}`;
  let f = digits.get(key);
  if (!f) {
    f = new Intl.NumberFormat(i18n.language, {
      minimumFractionDigits: places,
      maximumFractionDigits: places,
      useGrouping: false,
    });
    digits.set(key, f);
  }
  return f.format(n);
}

/** Virtual time as the playground shows it: `12.345 s`, `3 min 05.000 s` (`12.345 秒` in zh-CN). */
export function formatTime(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return i18n.t('common:time.s', { s: fixed(s, 3) });
  const m = Math.floor(s / 60);
  const rest = s - m * 60;
  return i18n.t('common:time.min-s', {
    m: String(m),
    s: (rest < 10 ? fixed(0, 0) : '') + fixed(rest, 3),
  });
}

/** A duration for countdowns: `45 s`, `1.5 s`, `2 min 10 s`. */
export function formatDuration(ms: number): string {
  if (ms < 0) ms = 0;
  if (ms < 10_000) return i18n.t('common:time.s', { s: fixed(ms / 1000, 1) });
  const s = Math.round(ms / 1000);
  if (s < 120) return i18n.t('common:time.s', { s: String(s) });
  return i18n.t('common:time.min-s', { m: String(Math.floor(s / 60)), s: String(s % 60) });
}
