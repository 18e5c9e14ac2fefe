import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldKind, type ByteSpan } from './layout';
import { ACTIVE_BG, TINT_BAND, TINT_SWATCH, TINT_TEXT, tintOf, type Tint } from './kinds';

const PER_ROW = 16;

interface HexDumpProps {
  bytes: Uint8Array;
  /** Field spans of a decoded message; empty when the bytes did not decode. */
  spans: readonly ByteSpan[];
  active: ReadonlySet<number>;
  /** The byte a decode error points at; may equal `bytes.length` (the error is at the end). */
  errorOffset?: number;
  onPoint: (byte: number | null) => void;
}

const hex2 = (b: number): string => (b < 16 ? '0' : '') + b.toString(16);
const printable = (b: number): string => (b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : '·');

function tints(length: number, spans: readonly ByteSpan[]): (Tint | undefined)[] {
  const out: (Tint | undefined)[] = new Array(length).fill(undefined);
  for (const s of spans) {
    const kind = fieldKind(s.field);
    const index = kind === 'option' ? Number(s.field.slice('option-'.length)) : 0;
    for (let i = s.start; i < s.end; i++) out[i] ??= tintOf(kind, index);
  }
  return out;
}

/**
 * The message's bytes, 16 a row, with offsets and an ASCII column; each byte is its own span.
 * Narrower than 75ch (its own width, as a container: 4 + 50 + 16.5 characters and two 2ch gaps)
 * it folds each row onto two lines of 8, bytes and ASCII alike (`@max-[75ch]:`), rather than let
 * the ASCII column run out of sight in a narrow pane. The ASCII column is half a character wider
 * than its characters: at exactly 16ch rounding wrapped the 16th onto a line of its own.
 */
export function HexDump({ bytes, spans, active, errorOffset, onPoint }: HexDumpProps) {
  const { t } = useTranslation();
  const tint = useMemo(() => tints(bytes.length, spans), [bytes, spans]);
  const rows: number[] = [];
  for (let at = 0; at < bytes.length; at += PER_ROW) rows.push(at);
  // An error at the very end (truncation) points one past the last byte: give it a cell of its own.
  const errorAtEnd = errorOffset !== undefined && errorOffset >= bytes.length;
  if (errorAtEnd && bytes.length % PER_ROW === 0) rows.push(bytes.length);

  const byteClass = (i: number): string => {
    if (i === errorOffset) return 'bg-red-600 text-white dark:bg-red-500 dark:text-slate-950';
    const t = tint[i];
    const colour = t ? TINT_TEXT[t] : 'text-slate-800 dark:text-slate-200';
    const band = active.has(i) ? `${ACTIVE_BG} font-semibold` : t ? (TINT_BAND[t] ?? '') : '';
    return `${colour} ${band}`;
  };

  return (
    <div className="@container font-mono text-[13px] leading-6" onMouseLeave={() => onPoint(null)}>
      {rows.map((at) => {
        const end = Math.min(at + PER_ROW, bytes.length);
        const cells = [];
        for (let i = at; i < end; i++) {
          cells.push(
            <span
              key={i}
              data-offset={i}
              data-active={active.has(i) || undefined}
              data-error={i === errorOffset || undefined}
              translate="no"
              onMouseEnter={() => onPoint(i)}
              className={`rounded-sm px-[0.2ch] ${i % PER_ROW === 8 ? 'ml-[1ch] @max-[75ch]:ml-0' : ''} ${byteClass(i)}`}
            >
              {hex2(bytes[i])}
            </span>,
          );
        }
        if (errorAtEnd && errorOffset >= at && errorOffset < at + PER_ROW) {
          cells.push(
            <span
              key="end"
              data-offset={errorOffset}
              data-error
              className="rounded-sm bg-red-600 px-[0.2ch] text-white dark:bg-red-500 dark:text-slate-950"
            >
              <span aria-hidden="true">▯▯</span>
              <span className="sr-only">{t('decode:dump.end')}</span>
            </span>,
          );
        }
        return (
          <div key={at} className="flex items-start gap-[2ch] whitespace-nowrap">
            <span
              className="shrink-0 text-slate-500 select-none dark:text-slate-400"
              translate="no"
            >
              {at.toString(16).padStart(4, '0')}
            </span>
            <span
              className={`inline-flex w-[50ch] shrink-0 flex-wrap gap-x-[0.6ch] @max-[75ch]:w-[25ch]`}
            >
              {cells}
            </span>
            <span
              aria-hidden="true"
              translate="no"
              className={`w-[16.5ch] shrink-0 break-all whitespace-normal text-slate-600 dark:text-slate-400 @max-[75ch]:w-[8.5ch]`}
            >
              {Array.from(bytes.subarray(at, end), (b, k) => (
                <span
                  key={at + k}
                  onMouseEnter={() => onPoint(at + k)}
                  className={active.has(at + k) ? ACTIVE_BG : undefined}
                >
                  {printable(b)}
                </span>
              ))}
            </span>
          </div>
        );
      })}
    </div>
  );
}

/** The legend's parts, each named by `decode:legend.<key>`. */
const LEGEND: { tint: Tint; key: string }[] = [
  { tint: 'header', key: 'header' },
  { tint: 'token', key: 'token' },
  { tint: 'option', key: 'options' },
  { tint: 'marker', key: 'marker' },
  { tint: 'payload', key: 'payload' },
];

export function HexLegend() {
  const { t } = useTranslation();
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
      {LEGEND.map(({ tint, key }) => (
        <li key={tint} className="inline-flex items-center gap-1.5">
          <span aria-hidden="true" className={`h-2.5 w-2.5 rounded-sm ${TINT_SWATCH[tint]}`} />
          {t(`decode:legend.${key}`)}
        </li>
      ))}
    </ul>
  );
}
