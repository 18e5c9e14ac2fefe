import { useId } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Field, select } from '../kit/controls';
import type { RelayState } from '../../worker/api';
import type { TargetChoice } from './target';

/** Why the page cannot send to a real server now (a message id); undefined when it can. */
export function serverUnavailable(relay: RelayState | undefined): string | undefined {
  if (relay?.state === 'attached') return relay.outbound ? undefined : 'composer:target.old-relay';
  return 'composer:target.no-relay';
}

/** Send to the playground's gateway, or to a real CoAP server through the relay. */
export function TargetPicker({
  choice,
  server,
  relay,
  error,
  onChoice,
  onServer,
}: {
  choice: TargetChoice;
  server: string;
  relay: RelayState | undefined;
  error: string | undefined;
  onChoice: (c: TargetChoice) => void;
  onServer: (text: string) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const unavailable = serverUnavailable(relay);
  const allow = relay?.state === 'attached' ? relay.outbound : undefined;
  return (
    <div className="flex flex-wrap items-start gap-3" data-testid="composer-target">
      <Field label={t('composer:target.label')} htmlFor={`${id}-choice`} className="w-56">
        <select
          id={`${id}-choice`}
          value={choice}
          onChange={(e) => onChoice(e.target.value as TargetChoice)}
          className={select}
          aria-describedby={unavailable ? `${id}-why` : undefined}
        >
          <option value="gateway">{t('composer:target.gateway')}</option>
          <option value="server" disabled={unavailable !== undefined}>
            {unavailable ? t('composer:target.server-needs-relay') : t('composer:target.server')}
          </option>
        </select>
      </Field>
      {choice === 'server' && unavailable === undefined ? (
        <Field
          label={t('composer:target.server-label')}
          htmlFor={`${id}-server`}
          className="min-w-48 flex-1"
          hint={
            allow && (
              <Trans
                i18nKey="composer:target.allowed"
                values={{ allowed: allow.join(', ') }}
                components={{ code: <span translate="no" className="font-mono" /> }}
              />
            )
          }
        >
          <input
            id={`${id}-server`}
            value={server}
            onChange={(e) => onServer(e.target.value)}
            placeholder="coap://127.0.0.1:5683"
            translate="no"
            aria-invalid={error !== undefined}
            className="w-full rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-[13px] text-slate-900 focus:border-sky-500 focus:outline-none dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100"
            spellCheck={false}
            autoComplete="off"
          />
        </Field>
      ) : (
        unavailable && (
          <p
            id={`${id}-why`}
            data-testid="target-unavailable"
            className="mt-5 min-w-48 flex-1 text-[11px] leading-snug text-slate-600 dark:text-slate-400"
          >
            <Trans
              i18nKey={unavailable}
              components={{ code: <code translate="no" className="font-mono" /> }}
            />
          </p>
        )
      )}
    </div>
  );
}
