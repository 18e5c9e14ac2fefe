import { Field, Segmented, control } from '../kit/controls';
import { convertNotation } from './form';
import type { PayloadMode, TokenMode } from './form';

const TOKEN_PLACEHOLDER: Record<TokenMode, string> = {
  random: '4 random bytes, drawn on send',
  empty: 'no token (0 bytes)',
  hex: 'e.g. 6f 62 73',
  text: 'e.g. obstoken',
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
  const typed = mode === 'text' || mode === 'hex';
  return (
    <Field
      label={
        <>
          CoAP token{' '}
          <span className="font-normal text-slate-600 dark:text-slate-400">
            (the message token, not the token query)
          </span>
        </>
      }
      htmlFor={id}
    >
      <div className="flex gap-1.5">
        <select
          aria-label="CoAP token kind"
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
          <option value="random">random</option>
          <option value="text">text</option>
          <option value="hex">hex</option>
          <option value="empty">empty</option>
        </select>
        <input
          id={id}
          value={typed ? value : ''}
          disabled={!typed}
          placeholder={TOKEN_PLACEHOLDER[mode]}
          onChange={(e) => onChange(mode, e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
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

const PAYLOAD_PLACEHOLDER: Record<PayloadMode, string> = {
  text: 'empty: no payload',
  hex: 'e.g. de ad be ef',
  json: '{"temperature": 21.5}',
};

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
  return (
    <div className="space-y-1">
      <div className="flex items-center justify-between gap-2">
        <label htmlFor={id} className="text-xs font-medium text-slate-700 dark:text-slate-300">
          Payload
        </label>
        <Segmented<PayloadMode>
          legend="Payload format"
          size="xs"
          value={mode}
          onChange={(next) => onChange(next, convertNotation(value, mode, next))}
          options={[
            { value: 'text', label: 'Text' },
            { value: 'hex', label: 'Hex' },
            { value: 'json', label: 'JSON' },
          ]}
        />
      </div>
      <textarea
        id={id}
        rows={2}
        value={value}
        onChange={(e) => onChange(mode, e.target.value)}
        placeholder={PAYLOAD_PLACEHOLDER[mode]}
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
