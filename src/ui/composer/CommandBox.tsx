import { useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { CoapClientCommand } from './coap-client-command';
import { smallButton } from '../kit/controls';

/** Copies text with the Clipboard API; when that is missing or refused, selects it instead. */
async function copyText(
  text: string,
  fallback: HTMLElement | null,
): Promise<'copied' | 'selected'> {
  try {
    if (!navigator.clipboard) throw new Error('no clipboard');
    await navigator.clipboard.writeText(text);
    return 'copied';
  } catch {
    const selection = window.getSelection();
    if (fallback && selection) {
      selection.removeAllRanges();
      selection.selectAllChildren(fallback);
    }
    return 'selected';
  }
}

/**
 * A note with its wire data marked: quoted text, 0x… bytes and a flag with its argument
 * (`-T obstokem`, `-s 60`) stay as on the command line in every language.
 */
const WIRE_IN_NOTE = /('[^']*'|"[^"]*"|0x[0-9a-f]+|(?<![\w-])-[A-Za-z]\b(?: [\w.'"/=&?%-]+)?)/i;

function Note({ text }: { text: string }) {
  return (
    <>
      {text.split(WIRE_IN_NOTE).map((part, i) =>
        i % 2 === 1 ? (
          <span key={i} translate="no" className="font-mono">
            {part}
          </span>
        ) : (
          part
        ),
      )}
    </>
  );
}

/** The same request as a libcoap command line, with notes on how its flags map to bytes. */
export function CommandBox({
  command,
  relay,
  server = false,
}: {
  command: CoapClientCommand | undefined;
  relay: string;
  /** `relay` is a real server's address: the command goes straight there. */
  server?: boolean;
}) {
  const { t } = useTranslation();
  const pre = useRef<HTMLPreElement>(null);
  const [status, setStatus] = useState<{ how: 'copied' | 'selected'; for: string }>();
  return (
    <div className="space-y-1.5">
      <p className="text-xs font-medium text-slate-700 dark:text-slate-300">
        <Trans
          i18nKey={server ? 'composer:command.to-server' : 'composer:command.through-relay'}
          components={{
            address: (
              <span translate="no" className="font-mono">
                {relay}
              </span>
            ),
          }}
        />
      </p>
      {command?.ok ? (
        <>
          <pre
            ref={pre}
            data-testid="coap-client-command"
            translate="no"
            className="rounded-md bg-slate-900 px-2 py-1.5 font-mono text-[12px] leading-5 wrap-anywhere whitespace-pre-wrap text-slate-100 dark:bg-black dark:ring-1 dark:ring-slate-700"
          >
            {command.command}
          </pre>
          <div className="flex flex-wrap items-center gap-2">
            <button
              type="button"
              className={smallButton}
              onClick={() => {
                const text = command.command;
                void copyText(text, pre.current).then((how) => setStatus({ for: text, how }));
              }}
            >
              {t('composer:command.copy')}
            </button>
            <span
              role="status"
              aria-live="polite"
              className="text-xs text-emerald-700 dark:text-emerald-300"
            >
              {status?.for !== command.command ? (
                ''
              ) : status.how === 'copied' ? (
                t('composer:command.copied')
              ) : (
                <Trans
                  i18nKey="composer:command.selected"
                  components={{ kbd: <kbd translate="no" className="font-sans" /> }}
                />
              )}
            </span>
          </div>
          {command.notes.length > 0 && (
            <ul className="list-disc space-y-0.5 pl-4 text-[11px] leading-snug text-slate-600 dark:text-slate-400">
              {command.notes.map((n) => (
                <li key={n}>
                  <Note text={n} />
                </li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <p className="text-xs text-slate-600 dark:text-slate-400">
          {command ? command.error : t('composer:command.fix')}
        </p>
      )}
    </div>
  );
}
