import { useMemo, useState } from 'react';
import { analyse, highlight, NO_HIGHLIGHT, type Analysis, type Pointer } from './analyse';
import { BadHexNotice, DecodeErrorNotice } from './DecodeErrorNotice';
import { DecodedTree } from './DecodedTree';
import { DEFAULT_HEX } from './examples';
import { HexDump, HexLegend } from './HexDump';
import { HexInput } from './HexInput';
import { focusRing } from '../../kit/styles';

/** Paste hex, see the message field by field, and which bytes hold each field. */
export function DecodePanel() {
  const [hex, setHex] = useState(DEFAULT_HEX);
  const [pointer, setPointer] = useState<Pointer | null>(null);
  const analysis = useMemo(() => analyse(hex), [hex]);
  const lit = useMemo(
    () => (analysis.status === 'decoded' ? highlight(analysis.spans, pointer) : NO_HIGHLIGHT),
    [analysis, pointer],
  );

  const onChange = (text: string) => {
    setHex(text);
    setPointer(null);
  };
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
          onChange={onChange}
          byteCount={analysis.status === 'bad-hex' ? undefined : (bytes?.length ?? 0)}
        />

        <div aria-live="polite" aria-atomic="true">
          <Status analysis={analysis} />
        </div>

        {bytes && (
          <div className="grid items-start gap-6 @5xl:grid-cols-[minmax(0,1fr)_auto]">
            <div className="min-w-0 @5xl:order-2 @5xl:sticky @5xl:top-4">
              <Heading>Bytes</Heading>
              {/* Focusable so keyboard users can scroll it when it overflows on narrow screens. */}
              <div
                tabIndex={0}
                role="region"
                aria-label="Hex dump"
                className={`overflow-x-auto rounded-lg border border-slate-200 bg-slate-50 px-3 py-2 dark:border-slate-700 dark:bg-slate-950 ${focusRing}`}
              >
                <HexDump
                  bytes={bytes}
                  spans={analysis.status === 'decoded' ? analysis.spans : []}
                  active={lit.bytes}
                  errorOffset={
                    analysis.status === 'decode-error' ? analysis.error.offset : undefined
                  }
                  onPoint={(byte) => setPointer(byte === null ? null : { byte })}
                />
              </div>
              {analysis.status === 'decoded' && (
                <div className="mt-2">
                  <HexLegend />
                </div>
              )}
            </div>
            {analysis.status === 'decoded' && (
              <div className="min-w-0 @5xl:order-1">
                <Heading>Decoded</Heading>
                <DecodedTree
                  view={analysis.view}
                  spans={analysis.spans}
                  active={lit.fields}
                  onPoint={(field) => setPointer(field === null ? null : { field })}
                />
              </div>
            )}
          </div>
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
