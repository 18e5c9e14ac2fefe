import { Trans, useTranslation } from 'react-i18next';
import { Field, Segmented, control } from '../kit/controls';
import { convertNotation } from './form';
import type { PayloadMode, TokenMode } from './form';

const TOKEN_PLACEHOLDER: Record<TokenMode, string> = {
  random: 'composer:token.placeholder.random',
  empty: 'composer:token.placeholder.empty',
  hex: 'composer:token.placeholder.hex',
  text: 'composer:token.placeholder.text',
};

const TOKEN_KINDS: Record<TokenMode, string> = {
  random: 'composer:token.kind.random',
  text: 'composer:token.kind.text',
  hex: 'composer:token.kind.hex',
  empty: 'composer:token.kind.empty',
};

const notation = (m: TokenMode): 'text' | 'hex' => (m === 'hex' ? 'hex' : 'text');

/** The CoAP message token: random, text, hex or empty; switching text ⇄ hex keeps the bytes. */
export function TokenField({
  id,
  mode,
  value,
  error,
  onChange,
}: {
  id: string;
  mode: TokenMode;
  value: string;
  error?: string;
  onChange: (mode: TokenMode, value: string) => void;
}) {
  const { t } = useTranslation();
  const typed = mode === 'text' || mode === 'hex';
  return (
    <Field
      label={
        <Trans
          i18nKey="composer:token.label"
          components={{ note: <span className="font-normal text-slate-600 dark:text-slate-400" /> }}
        />
      }
      htmlFor={id}
    >
      <div className="flex gap-1.5">
        <select
          aria-label={t('composer:token.kind')}
          value={mode}
          onChange={(e) => {
            const next = e.target.value as TokenMode;
            const convert = typed && (next === 'text' || next === 'hex');
            onChange(
              next,
              convert ? convertNotation(value, notation(mode), notation(next)) : value,
            );
          }}
          className={`${control.select} w-24 shrink-0`}
        >
          {(['random', 'text', 'hex', 'empty'] as const).map((k) => (
            <option key={k} value={k}>
              {t(TOKEN_KINDS[k])}
            </option>
          ))}
        </select>
        <input
          id={id}
          value={typed ? value : ''}
          disabled={!typed}
          placeholder={t(TOKEN_PLACEHOLDER[mode])}
          onChange={(e) => onChange(mode, e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          translate="no"
          className={`${control.mono} w-full min-w-0`}
          spellCheck={false}
          autoComplete="off"
        />
      </div>
      {error && (
        <p id={`${id}-error`} className="mt-0.5 text-xs text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </Field>
  );
}

const PAYLOAD_PLACEHOLDER: Record<Exclude<PayloadMode, 'json'>, string> = {
  text: 'composer:payload.placeholder.text',
  hex: 'composer:payload.placeholder.hex',
};
/** JSON's example is JSON, the same in every language (the field is marked translate="no"). */
const JSON_EXAMPLE = '{"temperature": 21.5}';

/** The payload as text, hex or JSON (checked); switching notation keeps the bytes. */
export function PayloadField({
  id,
  mode,
  value,
  error,
  onChange,
}: {
  id: string;
  mode: PayloadMode;
  value: string;
  error?: string;
  onChange: (mode: PayloadMode, value: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="space-y-1">
      <div className="flex items-center justify-between gap-2">
        <label htmlFor={id} className="text-xs font-medium text-slate-700 dark:text-slate-300">
          {t('composer:payload')}
        </label>
        <Segmented<PayloadMode>
          legend={t('composer:payload.format')}
          size="xs"
          value={mode}
          onChange={(next) => onChange(next, convertNotation(value, mode, next))}
          options={[
            { value: 'text', label: t('composer:payload.text') },
            { value: 'hex', label: t('composer:payload.hex') },
            { value: 'json', label: 'JSON' },
          ]}
        />
      </div>
      <textarea
        id={id}
        rows={2}
        value={value}
        onChange={(e) => onChange(mode, e.target.value)}
        placeholder={mode === 'json' ? JSON_EXAMPLE : t(PAYLOAD_PLACEHOLDER[mode])}
        translate="no"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={`${control.mono} block w-full resize-y`}
        spellCheck={false}
      />
      {error && (
        <p id={`${id}-error`} className="text-xs text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}
