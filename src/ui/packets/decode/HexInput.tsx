import { useId } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { EXAMPLES } from './examples';
import { focusRing } from '../../kit/styles';

interface HexInputProps {
  value: string;
  onChange: (hex: string) => void;
  /** Bytes in the input when it parses as hex, else undefined. */
  byteCount: number | undefined;
}

/** The labelled hex textarea and the example buttons that fill it. */
export function HexInput({ value, onChange, byteCount }: HexInputProps) {
  const id = useId();
  const { t } = useTranslation();
  return (
    <div className="space-y-3">
      <div className="flex items-baseline justify-between gap-4">
        <label
          htmlFor={`${id}-hex`}
          className="text-sm font-medium text-slate-800 dark:text-slate-200"
        >
          {t('decode:input.label')}
        </label>
        <span className="text-xs text-slate-600 tabular-nums dark:text-slate-400">
          {byteCount === undefined ? '' : t('decode:input.bytes', { n: byteCount })}
        </span>
      </div>
      <textarea
        id={`${id}-hex`}
        aria-describedby={`${id}-hint`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        rows={3}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        autoCorrect="off"
        translate="no"
        className={`block w-full resize-y rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm leading-6 text-slate-900 shadow-inner placeholder:text-slate-500 dark:border-slate-600 dark:bg-slate-950 dark:text-slate-100 ${focusRing}`}
        placeholder="41 02 1a 36 01 b4 6d 71 74 74 …"
      />
      <p id={`${id}-hint`} className="text-xs text-slate-600 dark:text-slate-400">
        <Trans
          i18nKey="decode:input.hint"
          components={{ code: <code className="font-mono" translate="no" /> }}
        />
      </p>
      <div
        role="group"
        aria-labelledby={`${id}-examples`}
        className="flex flex-wrap items-center gap-2"
      >
        <span
          id={`${id}-examples`}
          className="mr-1 text-xs font-medium text-slate-600 dark:text-slate-400"
        >
          {t('decode:input.examples')}
        </span>
        {EXAMPLES.map((example) => (
          <button
            key={example.id}
            type="button"
            title={t(`decode:example.${example.id}.description`)}
            onClick={() => onChange(example.hex)}
            className={`rounded-full border border-slate-300 bg-white px-3 py-1 text-xs font-medium text-slate-700 hover:border-sky-500 hover:text-sky-800 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-200 dark:hover:border-sky-400 dark:hover:text-sky-200 ${focusRing}`}
          >
            {t(`decode:example.${example.id}.label`)}
          </button>
        ))}
      </div>
    </div>
  );
}
