import { memo, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { LinkConditions } from '../../sim';
import { control, smallButton } from '../kit/controls';
import { disclosure } from '../kit/styles';
import { useDispatch } from '../state/playground';
import { MsgText } from '../i18n/MsgText';
import type { Msg } from '../../wire/msg';

const pct = (x: number) => Math.round(x * 1000) / 10;

/** `perfect link`, or `10% loss · 200 ms · 5% dup` (in the page's language). */
export function linkSummary(link: LinkConditions, t: TFunction): string {
  const parts = [
    link.loss ? t('clients:link.loss', { pct: String(pct(link.loss)) }) : '',
    link.delay ? t('clients:link.delay', { ms: String(link.delay) }) : '',
    link.duplicate ? t('clients:link.dup', { pct: String(pct(link.duplicate)) }) : '',
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : t('clients:link.perfect');
}

/**
 * Loss, delay and duplication of one client's link, both directions (`set-link`). Memoized: a
 * link that did not change keeps its object from one snapshot to the next (`useSnapshot`), so the
 * client's traffic does not render the form again.
 */
export const LinkEditor = memo(function LinkEditor({
  client,
  link,
}: {
  client: string;
  link: LinkConditions;
}) {
  const dispatch = useDispatch();
  const { t } = useTranslation();
  const ids = useId();
  const [draft, setDraft] = useState<{ loss: string; delay: string; duplicate: string }>();
  const [error, setError] = useState<Msg>();
  /** The form's own check failed: said at render, so it follows the page's language. */
  const [outOfRange, setOutOfRange] = useState(false);
  const shown = draft ?? {
    loss: String(pct(link.loss)),
    delay: String(link.delay),
    duplicate: String(pct(link.duplicate)),
  };
  const field = (key: keyof typeof shown, label: string, max: number, unit: string) => (
    <div className="min-w-0">
      <label
        htmlFor={`${ids}-${key}`}
        className="block text-[11px] text-slate-700 dark:text-slate-300"
      >
        {label}
      </label>
      <div className="flex items-center gap-1">
        <input
          id={`${ids}-${key}`}
          type="number"
          min={0}
          max={max}
          step={key === 'delay' ? 10 : 1}
          value={shown[key]}
          onChange={(e) => setDraft({ ...shown, [key]: e.target.value })}
          className={`${control.small} w-full min-w-0`}
        />
        <span className="text-[11px] text-slate-600 dark:text-slate-400">{unit}</span>
      </div>
    </div>
  );

  const apply = async () => {
    const loss = Number(shown.loss);
    const delay = Number(shown.delay);
    const duplicate = Number(shown.duplicate);
    if (
      ![loss, delay, duplicate].every((n) => Number.isFinite(n) && n >= 0) ||
      loss > 100 ||
      duplicate > 100
    ) {
      setError(undefined);
      setOutOfRange(true);
      return;
    }
    setError(undefined);
    setOutOfRange(false);
    const r = await dispatch({
      type: 'set-link',
      client,
      link: { loss: loss / 100, delay, duplicate: duplicate / 100 },
    });
    if (!r.ok) setError(r.error);
    else setDraft(undefined);
  };

  return (
    <details className="group text-xs">
      <summary className={disclosure}>{t('clients:link.title')}</summary>
      <div className="mt-1.5 grid grid-cols-[1fr_1fr_1fr_auto] items-end gap-2">
        {field('loss', t('clients:link.lossLabel'), 100, '%')}
        {field('delay', t('clients:link.delayLabel'), 60000, 'ms')}
        {field('duplicate', t('clients:link.dupLabel'), 100, '%')}
        <button type="button" className={smallButton} onClick={() => void apply()}>
          {t('clients:apply')}
        </button>
      </div>
      <p role="status" aria-live="polite" className="mt-0.5 text-red-700 dark:text-red-300">
        {outOfRange && t('clients:link.range')}
        <MsgText m={error} />
      </p>
    </details>
  );
});
