import { useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { focusRing } from '../../kit/styles';
import { highlight, NO_HIGHLIGHT, type Analysis, type Pointer } from './analyse';
import { DecodedTree } from './DecodedTree';
import { HexDump, HexLegend } from './HexDump';

/**
 * A message's bytes and its decoded fields, linked: pointing at one lights the other. The two
 * columns follow the container's width (a query on the nearest `@container`), stacked until it is
 * 64rem wide, so neither column is squeezed beside the other in a narrow panel.
 */
export function LinkedBytes({
  analysis,
  bytes,
  dumpLabel,
  bytesHeading,
  fieldsHeading,
  destination,
}: {
  analysis: Extract<Analysis, { status: 'decoded' | 'decode-error' }>;
  bytes: Uint8Array;
  /** The hex dump's accessible name. */
  dumpLabel: string;
  bytesHeading: ReactNode;
  fieldsHeading?: ReactNode;
  /** A request's destination as host:port, for its URI when it names none. */
  destination?: string;
}) {
  const [pointer, setPointer] = useState<Pointer | null>(null);
  const lit = useMemo(
    () => (analysis.status === 'decoded' ? highlight(analysis.spans, pointer) : NO_HIGHLIGHT),
    [analysis, pointer],
  );
  return (
    <div className="grid items-start gap-6 @5xl:grid-cols-[minmax(0,1fr)_auto]">
      <div className="min-w-0 @5xl:sticky @5xl:top-4 @5xl:order-2">
        {bytesHeading}
        {/* Focusable so keyboard users can scroll it when it overflows on narrow screens. */}
        <div
          tabIndex={0}
          role="region"
          aria-label={dumpLabel}
          className={`overflow-x-auto rounded-lg border border-slate-200 bg-slate-50 px-3 py-2 dark:border-slate-700 dark:bg-slate-950 ${focusRing}`}
        >
          <HexDump
            bytes={bytes}
            spans={analysis.status === 'decoded' ? analysis.spans : []}
            active={lit.bytes}
            errorOffset={analysis.status === 'decode-error' ? analysis.error.offset : undefined}
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
          {fieldsHeading}
          <DecodedTree
            view={analysis.view}
            spans={analysis.spans}
            active={lit.fields}
            onPoint={(field) => setPointer(field === null ? null : { field })}
            destination={destination}
          />
        </div>
      )}
    </div>
  );
}
