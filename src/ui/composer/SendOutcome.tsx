import { codeName, parseCode } from '../../coap';
import type { Exchange } from '../../sim';
import { useSnapshot } from '../state/playground';

export interface SendResult {
  ok: boolean;
  text: string;
  client?: string;
  /** Token (hex) of the exchange the send created, to follow its response. */
  token?: string;
}

/** The outcome of the last send, then the exchange's response as it arrives. */
export function SendOutcome({ result }: { result: SendResult | undefined }) {
  // Only this exchange: the client's others, which a flood adds to, do not render this again.
  const ex: Exchange | undefined = useSnapshot((s) =>
    result?.ok
      ? s.coapClients
          .find((c) => c.name === result.client)
          ?.exchanges.filter((e) => e.token === result.token)
          .at(-1)
      : undefined,
  );
  let line = '';
  let tone = 'text-slate-700 dark:text-slate-300';
  if (result && !result.ok) {
    line = `Not sent: ${result.text}`;
    tone = 'text-red-700 dark:text-red-300';
  } else if (result) {
    line = `${result.text} Token 0x${result.token ?? ''}.`;
    if (ex?.response) {
      const code = parseCode(ex.response.code);
      line += ` Response: ${code !== undefined ? codeName(code) : ex.response.code}${ex.response.payload ? ` "${ex.response.payload}"` : ''}`;
      tone = ex.response.code.startsWith('2')
        ? 'text-emerald-700 dark:text-emerald-300'
        : 'text-amber-800 dark:text-amber-200';
    } else if (ex?.state === 'timed-out') line += ' No response: the client gave up.';
    else if (ex?.state === 'reset')
      line += ex.target ? ' The server answered with RST.' : ' The gateway answered with RST.';
    else if (ex?.state === 'refused') {
      line += ` Refused by the relay: ${ex.error ?? 'no reason given'}`;
      tone = 'text-red-700 dark:text-red-300';
    } else if (ex) line += ' Waiting for the response…';
  }
  return (
    <p
      role="status"
      aria-live="polite"
      data-testid="send-result"
      className={`min-h-0 text-xs break-words ${tone}`}
    >
      {line}
    </p>
  );
}
