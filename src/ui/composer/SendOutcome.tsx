import type { ReactNode } from 'react';
import { Trans } from 'react-i18next';
import { codeName, parseCode } from '../../coap';
import type { Exchange } from '../../sim';
import { useSnapshot } from '../state/playground';
import { useTranslation } from 'react-i18next';
import { sentenceGap } from '../kit/text';
import { renderMsg } from '../i18n/msg';
import type { Msg } from '../../wire/msg';

export interface SendResult {
  ok: boolean;
  /** Why it was not sent (`ok` false), said in the page's language when shown. */
  error?: Msg;
  client?: string;
  /** The real server it went to, `address:port`, when not the gateway. */
  server?: string;
  /** Token (hex) of the exchange the send created, to follow its response. */
  token?: string;
}

/** The outcome of the last send, then the exchange's response as it arrives. */
export function SendOutcome({ result }: { result: SendResult | undefined }) {
  const { t, i18n } = useTranslation();
  // Only this exchange: the client's others, which a flood adds to, do not render this again.
  const ex: Exchange | undefined = useSnapshot((s) =>
    result?.ok
      ? s.coapClients
          .find((c) => c.name === result.client)
          ?.exchanges.filter((e) => e.token === result.token)
          .at(-1)
      : undefined,
  );
  // Sentences, each one message; wire data (a client, a token, a code, a payload) as sent.
  const wire = (text: string) => <span translate="no">{text}</span>;
  let tone = 'text-slate-700 dark:text-slate-300';
  let sent: ReactNode = null;
  let then: ReactNode = null;
  if (result && !result.ok) tone = 'text-red-700 dark:text-red-300';
  else if (result) {
    sent = (
      <Trans
        i18nKey={result.server ? 'composer:sent.to-server' : 'composer:sent.from'}
        values={{ server: result.server }}
        components={{ client: wire(result.client ?? ''), token: wire(`0x${result.token ?? ''}`) }}
      />
    );
    if (ex?.response) {
      const code = parseCode(ex.response.code);
      const name = code !== undefined ? codeName(code) : ex.response.code;
      then = (
        <Trans
          i18nKey={
            ex.response.payload ? 'composer:sent.response-payload' : 'composer:sent.response'
          }
          components={{ code: wire(name), payload: wire(`"${ex.response.payload}"`) }}
        />
      );
      tone = ex.response.code.startsWith('2')
        ? 'text-emerald-700 dark:text-emerald-300'
        : 'text-amber-800 dark:text-amber-200';
    } else if (ex?.state === 'timed-out') then = t('composer:sent.timed-out');
    else if (ex?.state === 'reset')
      then = ex.target ? t('composer:sent.server-rst') : t('composer:sent.gateway-rst');
    else if (ex?.state === 'refused') {
      then = ex.error
        ? t('composer:sent.refused', { reason: ex.error })
        : t('composer:sent.refused-no-reason');
      tone = 'text-red-700 dark:text-red-300';
    } else if (ex) then = t('composer:sent.waiting');
  }
  return (
    <p
      role="status"
      aria-live="polite"
      data-testid="send-result"
      className={`min-h-0 text-xs break-words ${tone}`}
    >
      {result && !result.ok && t('composer:sent.not-sent', { reason: renderMsg(result.error, t) })}
      {sent}
      {then && (
        <>
          {sentenceGap(i18n.language)}
          {then}
        </>
      )}
    </p>
  );
}
