import { useMemo, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { analyse, type Analysis } from './analyse';
import { BadHexNotice, DecodeErrorNotice } from './DecodeErrorNotice';
import { DEFAULT_HEX } from './examples';
import { HexInput } from './HexInput';
import { LinkedBytes } from './LinkedBytes';

/** Paste hex, see the message field by field, and which bytes hold each field. */
export function DecodePanel() {
  const [hex, setHex] = useState(DEFAULT_HEX);
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  // The decoded view's notes are in the page's language: decoded again when it changes.
  const analysis = useMemo(() => {
    void language;
    return analyse(hex);
  }, [hex, language]);
  const bytes =
    analysis.status === 'decoded' || analysis.status === 'decode-error'
      ? analysis.bytes
      : undefined;

  return (
    <section
      aria-labelledby="decode-title"
      className="rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-700 dark:bg-slate-900"
    >
      <div className="border-b border-slate-200 px-5 py-4 dark:border-slate-700">
        <h2 id="decode-title" className="text-lg font-semibold text-slate-900 dark:text-slate-50">
          {t('decode:panel.title')}
        </h2>
        <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">
          {t('decode:panel.intro')}
        </p>
      </div>

      {/* Its columns follow the panel's width, not the window's: beside the log it is narrow. */}
      <div className="@container space-y-5 px-5 py-5">
        <HexInput
          value={hex}
          onChange={setHex}
          byteCount={analysis.status === 'bad-hex' ? undefined : (bytes?.length ?? 0)}
        />

        <div aria-live="polite" aria-atomic="true">
          <Status analysis={analysis} />
        </div>

        {(analysis.status === 'decoded' || analysis.status === 'decode-error') && (
          <LinkedBytes
            key={hex}
            analysis={analysis}
            bytes={analysis.bytes}
            dumpLabel={t('decode:panel.dump')}
            bytesHeading={<Heading>{t('decode:panel.bytes')}</Heading>}
            fieldsHeading={<Heading>{t('decode:panel.decoded')}</Heading>}
          />
        )}
      </div>
    </section>
  );
}

function Heading({ children }: { children: string }) {
  return (
    <h3 className="mb-2 text-sm font-semibold text-slate-900 dark:text-slate-100">{children}</h3>
  );
}

/** One line (or an error box) saying what became of the input; read out by screen readers. */
function Status({ analysis }: { analysis: Analysis }) {
  const { t } = useTranslation();
  switch (analysis.status) {
    case 'empty':
      return (
        <p className="text-sm text-slate-600 dark:text-slate-400">{t('decode:status.empty')}</p>
      );
    case 'bad-hex':
      return <BadHexNotice error={analysis.error} />;
    case 'decode-error':
      return <DecodeErrorNotice error={analysis.error} length={analysis.bytes.length} />;
    case 'decoded': {
      const { header, options, payload } = analysis.view;
      const type = header.find((h) => h.field === 'type')?.value;
      const code = header.find((h) => h.field === 'code')?.value;
      return (
        <p className="text-sm text-emerald-800 dark:text-emerald-300" data-testid="decode-status">
          <span aria-hidden="true">✓ </span>
          <Trans
            i18nKey="decode:status.decoded"
            values={{
              type,
              code,
              options: options.length,
              hasPayload: payload ? 'yes' : 'no',
              payload: String(payload?.length ?? 0),
            }}
            components={{ w: <span translate="no" /> }}
          />
        </p>
      );
    }
  }
}
