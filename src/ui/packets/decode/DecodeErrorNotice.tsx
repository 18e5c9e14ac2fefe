import type { DecodeError } from '../../../coap/index';

/** `7252 §3.1` → the section on rfc-editor.org. */
export function rfcUrl(rfc: string): string | undefined {
  const m = /^(\d+)(?:\s*§\s*([\d.]+))?$/.exec(rfc.trim());
  if (!m) return undefined;
  return `https://www.rfc-editor.org/rfc/rfc${m[1]}${m[2] ? `#section-${m[2]}` : ''}`;
}

const sentence = (text: string): string =>
  text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.');

const BOX =
  'rounded-lg border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900 dark:border-red-500/40 dark:bg-red-950/40 dark:text-red-100';

/** Why `decode` refused the bytes: the reason, the rule in words, its RFC section and the offset. */
export function DecodeErrorNotice({ error, length }: { error: DecodeError; length: number }) {
  const url = rfcUrl(error.rfc);
  const where =
    error.offset >= length
      ? `at byte ${error.offset}, the end of the ${length}-byte input`
      : `at byte ${error.offset} (0x${error.offset.toString(16).padStart(2, '0')})`;
  return (
    <div className={BOX} data-testid="decode-error">
      <p className="font-semibold">
        Cannot decode: <code className="font-mono">{error.reason}</code>
      </p>
      <p className="mt-1">{sentence(error.message)}</p>
      <p className="mt-1 text-red-800 dark:text-red-200">
        {url ? (
          <a
            href={url}
            target="_blank"
            rel="noreferrer"
            className="underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700 dark:focus-visible:outline-red-300"
          >
            RFC {error.rfc}
          </a>
        ) : (
          <>RFC {error.rfc}</>
        )}{' '}
        · {where}, marked in red below.
      </p>
    </div>
  );
}

/** The text is not hex at all. */
export function BadHexNotice({ error }: { error: string }) {
  return (
    <div className={BOX} data-testid="hex-error">
      <p className="font-semibold">Not hex: {error}</p>
      <p className="mt-1">
        Paste the message as pairs of hex digits, e.g.{' '}
        <code className="font-mono">41 02 1a 36</code>; spaces, colons and{' '}
        <code className="font-mono">0x</code> prefixes are fine.
      </p>
    </div>
  );
}
