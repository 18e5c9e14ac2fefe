import { useId } from 'react';
import { Field, select } from '../kit/controls';
import type { RelayState } from '../../worker/api';
import type { TargetChoice } from './target';

/** Why the page cannot send to a real server now; undefined when it can. */
export function serverUnavailable(relay: RelayState | undefined): string | undefined {
  if (relay?.state === 'attached')
    return relay.outbound
      ? undefined
      : 'This relay cannot send to real servers: restart it with `npm start` from this version.';
  return 'Sending to a real CoAP server needs the relay: run `npm start` and open the page it serves. A page on its own cannot send UDP.';
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
  const id = useId();
  const unavailable = serverUnavailable(relay);
  const allow = relay?.state === 'attached' ? relay.outbound : undefined;
  return (
    <div className="flex flex-wrap items-start gap-3" data-testid="composer-target">
      <Field label="Send to" htmlFor={`${id}-choice`} className="w-56">
        <select
          id={`${id}-choice`}
          value={choice}
          onChange={(e) => onChoice(e.target.value as TargetChoice)}
          className={select}
          aria-describedby={unavailable ? `${id}-why` : undefined}
        >
          <option value="gateway">the playground gateway</option>
          <option value="server" disabled={unavailable !== undefined}>
            a real CoAP server{unavailable ? ' (needs the relay)' : ''}
          </option>
        </select>
      </Field>
      {choice === 'server' && unavailable === undefined ? (
        <Field
          label="Server"
          htmlFor={`${id}-server`}
          className="min-w-48 flex-1"
          hint={
            allow && (
              <>
                The relay sends only to {allow.join(', ')}; start it with{' '}
                <span className="font-mono">--allow-dest</span> for others.
              </>
            )
          }
        >
          <input
            id={`${id}-server`}
            value={server}
            onChange={(e) => onServer(e.target.value)}
            placeholder="coap://127.0.0.1:5683"
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
            {unavailable}
          </p>
        )
      )}
    </div>
  );
}
