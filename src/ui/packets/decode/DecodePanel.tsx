import { useMemo, useState } from 'react';
import { analyse, type Analysis } from './analyse';
import { BadHexNotice, DecodeErrorNotice } from './DecodeErrorNotice';
import { DEFAULT_HEX } from './examples';
import { HexInput } from './HexInput';
import { LinkedBytes } from './LinkedBytes';

/** Paste hex, see the message field by field, and which bytes hold each field. */
export function DecodePanel() {
  const [hex, setHex] = useState(DEFAULT_HEX);
  const analysis = useMemo(() => analyse(hex), [hex]);
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
          Decode a packet
        </h2>
        <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">
          Paste a CoAP message as hex to see every field (RFC 7252 §3) and the bytes it came from.
          Point at a row or a byte to link them.
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
            dumpLabel="Hex dump"
            bytesHeading={<Heading>Bytes</Heading>}
            fieldsHeading={<Heading>Decoded</Heading>}
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
  switch (analysis.status) {
    case 'empty':
      return (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Paste some hex, or load one of the examples.
        </p>
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
          Decoded a {type} {code}: {options.length} {options.length === 1 ? 'option' : 'options'},{' '}
          {payload ? `${payload.length}-byte payload` : 'no payload'}.
        </p>
      );
    }
  }
}
