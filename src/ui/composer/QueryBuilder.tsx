import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { mono } from '../kit/styles';
import { control, iconButton, select } from '../kit/controls';
import { PARAMS, wireKey } from './params';
import type { QueryParam } from './params';

const CUSTOM = '__custom';

/**
 * Rows of query parameters. Known parameters show their long and short names (the one that goes
 * on the wire first) and a one-line meaning; free parameters take any name.
 */
export function QueryBuilder({
  params,
  shortNames,
  onChange,
  onShortNames,
}: {
  params: QueryParam[];
  shortNames: boolean;
  onChange: (params: QueryParam[]) => void;
  onShortNames: (on: boolean) => void;
}) {
  const { t } = useTranslation();
  const base = useId();
  const used = new Set(params.map((p) => p.key));
  const nextId = () => params.reduce((m, p) => Math.max(m, p.id), 0) + 1;
  const update = (id: number, patch: Partial<QueryParam>) =>
    onChange(params.map((p) => (p.id === id ? { ...p, ...patch } : p)));

  return (
    <div role="group" aria-labelledby={`${base}-legend`} className="min-w-0 space-y-1.5">
      <div className="flex items-center justify-between gap-2">
        <span
          id={`${base}-legend`}
          className="text-xs font-medium text-slate-700 dark:text-slate-300"
        >
          {t('composer:query.title')}
        </span>
        <label className="flex items-center gap-1.5 text-xs text-slate-700 dark:text-slate-300">
          <input
            type="checkbox"
            checked={shortNames}
            onChange={(e) => onShortNames(e.target.checked)}
            className="h-3.5 w-3.5 accent-sky-700"
          />
          {t('composer:query.short-names')}
        </label>
      </div>
      {params.length === 0 && (
        <p className="text-xs text-slate-600 dark:text-slate-400">{t('composer:query.none')}</p>
      )}
      <ul className="space-y-1.5">
        {params.map((p) => {
          const info = PARAMS.find((k) => k.name === p.key);
          const inputId = `${base}-v${p.id}`;
          return (
            <li key={p.id} className="min-w-0">
              <div className="flex items-center gap-1.5">
                {info ? (
                  <label
                    htmlFor={inputId}
                    translate="no"
                    className={`w-28 shrink-0 truncate ${mono}`}
                  >
                    <ParamName
                      name={info.name}
                      short={'short' in info ? info.short : undefined}
                      shortNames={shortNames}
                    />
                  </label>
                ) : (
                  <input
                    aria-label={t('composer:query.name')}
                    value={p.key}
                    placeholder={t('composer:query.name-placeholder')}
                    onChange={(e) => update(p.id, { key: e.target.value })}
                    className={`${control.mono} w-28 shrink-0`}
                  />
                )}
                <span aria-hidden="true" className="text-slate-400">
                  =
                </span>
                <input
                  id={inputId}
                  aria-label={
                    info
                      ? undefined
                      : p.key
                        ? t('composer:query.value-of', { key: p.key })
                        : t('composer:query.value-of-new')
                  }
                  value={p.value}
                  placeholder={t(info?.placeholder ?? 'composer:query.value-placeholder')}
                  translate="no"
                  onChange={(e) => update(p.id, { value: e.target.value })}
                  className={`${control.mono} w-full min-w-0`}
                  spellCheck={false}
                  autoComplete="off"
                />
                <button
                  type="button"
                  aria-label={
                    p.key
                      ? t('composer:query.remove-key', { key: p.key })
                      : t('composer:query.remove-parameter')
                  }
                  title={t('composer:query.remove')}
                  onClick={() => onChange(params.filter((q) => q.id !== p.id))}
                  className={iconButton}
                >
                  ×
                </button>
              </div>
              {info && (
                <p className="mt-0.5 text-[11px] leading-snug text-slate-600 dark:text-slate-400">
                  {t(info.meaning)}
                </p>
              )}
            </li>
          );
        })}
      </ul>
      <select
        aria-label={t('composer:query.add-label')}
        value=""
        onChange={(e) => {
          const v = e.target.value;
          if (!v) return;
          onChange([...params, { id: nextId(), key: v === CUSTOM ? '' : v, value: '' }]);
        }}
        className={`${select} text-slate-700 dark:text-slate-300`}
      >
        <option value="">{t('composer:query.add')}</option>
        {PARAMS.filter((p) => !used.has(p.name)).map((p) => (
          <option key={p.name} value={p.name}>
            {t('composer:query.option', {
              name: 'short' in p ? `${p.name} (${p.short})` : p.name,
              meaning: t(p.meaning),
            })}
          </option>
        ))}
        <option value={CUSTOM}>{t('composer:query.custom')}</option>
      </select>
    </div>
  );
}

/** `clientid · c`, the name that goes on the wire in bold. */
function ParamName({
  name,
  short,
  shortNames,
}: {
  name: string;
  short?: string;
  shortNames: boolean;
}) {
  const wire = wireKey(name, shortNames);
  const strong = 'font-semibold text-slate-900 dark:text-slate-100';
  const weak = 'text-slate-600 dark:text-slate-400';
  if (!short) return <span className={strong}>{name}</span>;
  return (
    <>
      <span className={wire === name ? strong : weak}>{name}</span>
      <span className={weak}> · </span>
      <span className={wire === short ? strong : weak}>{short}</span>
    </>
  );
}
