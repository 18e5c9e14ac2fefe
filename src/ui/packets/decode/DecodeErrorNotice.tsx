import { Trans, useTranslation } from 'react-i18next';
import type { DecodeError } from '../../../coap/index';

/** `7252 §3.1` → the section on rfc-editor.org. */
export function rfcUrl(rfc: string): string | undefined {
  const m = /^(\d+)(?:\s*§\s*([\d.]+))?$/.exec(rfc.trim());
  if (!m) return undefined;
  return `https://www.rfc-editor.org/rfc/rfc${m[1]}${m[2] ? `#section-${m[2]}` : ''}`;
}

const BOX =
  'rounded-lg border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900 dark:border-red-500/40 dark:bg-red-950/40 dark:text-red-100';

/** A reason, a hex digit or a byte sequence quoted in a notice: wire data, kept as it is. */
const CODE = { code: <code className="font-mono" translate="no" /> };

/**
 * Why `decode` refused the bytes: the reason, the rule in words, its RFC section and the offset.
 * The rule is the catalogue's `decode:error.<reason>` (the codec's own English is its fallback).
 */
export function DecodeErrorNotice({ error, length }: { error: DecodeError; length: number }) {
  const { t, i18n } = useTranslation();
  const url = rfcUrl(error.rfc);
  const rule = i18n.exists(`decode:error.${error.reason}`)
    ? t(`decode:error.${error.reason}`)
    : error.message;
  const where =
    error.offset >= length
      ? t('decode:error.where-end', { offset: String(error.offset), length: String(length) })
      : t('decode:error.where', {
          offset: String(error.offset),
          hex: error.offset.toString(16).padStart(2, '0'),
        });
  return (
    <div className={BOX} data-testid="decode-error">
      <p className="font-semibold">
        <Trans i18nKey="decode:error.title" values={{ reason: error.reason }} components={CODE} />
      </p>
      <p className="mt-1">{rule}</p>
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
        · {where}
      </p>
    </div>
  );
}

/** What `parseHex` said, as a catalogue message: a bad digit, an odd count, or its own words. */
function hexError(error: string): { key: string; values?: Record<string, string> } {
  const digit = /^not a hex digit: ('.*')$/.exec(error);
  if (digit) return { key: 'decode:hex.not-digit', values: { digit: digit[1] } };
  if (error === 'odd number of hex digits') return { key: 'decode:hex.odd' };
  return { key: 'decode:hex.other', values: { error } };
}

/** The text is not hex at all. */
export function BadHexNotice({ error }: { error: string }) {
  const { t } = useTranslation();
  const said = hexError(error);
  return (
    <div className={BOX} data-testid="hex-error">
      <p className="font-semibold">{t(said.key, said.values)}</p>
      <p className="mt-1">
        <Trans i18nKey="decode:hex.help" components={CODE} />
      </p>
    </div>
  );
}
