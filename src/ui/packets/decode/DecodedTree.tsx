import { useId, type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { DecodedView, FieldRow, OptionRow } from './describe';
import { fieldKind, type ByteSpan, type FieldId } from './layout';
import { focusRing } from '../../kit/styles';
import { ACTIVE_BG, MUTED, TINT_SWATCH, tintOf } from './kinds';
import type { TFunction } from 'i18next';

interface DecodedTreeProps {
  view: DecodedView;
  spans: readonly ByteSpan[];
  active: ReadonlySet<FieldId>;
  onPoint: (field: FieldId | null) => void;
  /** Where the message went, when known; else the decode panel's assumed 127.0.0.1:5683. */
  destination?: string;
}

/** The decoded message as groups of rows; each row is focusable and linked to its bytes. */
export function DecodedTree({ view, spans, active, onPoint, destination }: DecodedTreeProps) {
  // Unique heading ids: the packet detail pane and the decode panel may both show a tree.
  const id = useId();
  const { t } = useTranslation();
  const row = (field: FieldId, children: ReactNode, extra?: string) => (
    <TreeRow
      key={field}
      field={field}
      span={spans.find((s) => s.field === field)}
      active={active.has(field)}
      onPoint={onPoint}
      extra={extra}
    >
      {children}
    </TreeRow>
  );

  return (
    <div className="space-y-5">
      <Group title={t('decode:tree.header')} id={`${id}-tree-header`}>
        {view.header.map((f) => row(f.field, <PlainValue row={f} />, f.bits))}
      </Group>
      <Group title={t('decode:tree.token')} id={`${id}-tree-token`}>
        {view.token ? (
          row('token', <PlainValue row={view.token} />)
        ) : (
          <Absent>{t('decode:tree.no-token')}</Absent>
        )}
      </Group>
      <Group
        title={t('decode:tree.options', { n: String(view.options.length) })}
        id={`${id}-tree-options`}
      >
        {view.options.length === 0 ? (
          <Absent>{t('decode:tree.no-options')}</Absent>
        ) : (
          view.options.map((o) => row(o.field, <OptionValue option={o} />))
        )}
      </Group>
      <Group title={t('decode:tree.payload')} id={`${id}-tree-payload`}>
        {view.payload ? (
          <>
            {row(
              'payload-marker',
              <PlainValue
                row={{ field: 'payload-marker', name: 'Payload marker', value: '0xff' }}
              />,
            )}
            {row('payload', <PayloadValue payload={view.payload} />)}
          </>
        ) : (
          <Absent>{t('decode:tree.no-payload')}</Absent>
        )}
      </Group>
      {view.uri && (
        <section aria-labelledby={`${id}-tree-uri`} className="space-y-1">
          <GroupTitle id={`${id}-tree-uri`}>{t('decode:tree.uri')}</GroupTitle>
          <p
            translate="no"
            data-testid="request-uri"
            className="rounded-md bg-slate-100 px-3 py-2 font-mono text-sm break-all text-slate-900 dark:bg-slate-800 dark:text-slate-100"
          >
            {view.uri.text}
          </p>
          {view.uri.assumedDestination && (
            <p className="text-xs text-slate-600 dark:text-slate-400">
              <Trans
                i18nKey={destination ? 'decode:tree.uri.destination' : 'decode:tree.uri.assumed'}
                values={{ destination }}
                components={{ w: <span translate="no" /> }}
              />
            </p>
          )}
        </section>
      )}
    </div>
  );
}

function Group({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-1">
      <GroupTitle id={id}>{title}</GroupTitle>
      <ul className="space-y-0.5">{children}</ul>
    </section>
  );
}

function GroupTitle({ id, children }: { id: string; children: ReactNode }) {
  return (
    <h3
      id={id}
      className="text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400"
    >
      {children}
    </h3>
  );
}

function Absent({ children }: { children: ReactNode }) {
  return (
    <li className="px-3 py-1 text-sm text-slate-600 italic dark:text-slate-400">{children}</li>
  );
}

function byteRange(span: ByteSpan | undefined, t: TFunction): string {
  if (!span) return '';
  return span.end - span.start === 1
    ? t('decode:tree.byte', { n: String(span.start) })
    : t('decode:tree.bytes', { from: String(span.start), to: String(span.end - 1) });
}

interface TreeRowProps {
  field: FieldId;
  span: ByteSpan | undefined;
  active: boolean;
  onPoint: (field: FieldId | null) => void;
  /** Shown after the byte range, e.g. the bits of a header bit field. */
  extra?: string;
  children: ReactNode;
}

function TreeRow({ field, span, active, onPoint, extra, children }: TreeRowProps) {
  const { t } = useTranslation();
  const kind = fieldKind(field);
  const tint = tintOf(kind, kind === 'option' ? Number(field.slice('option-'.length)) : 0);
  return (
    <li
      tabIndex={0}
      data-field={field}
      data-active={active || undefined}
      onMouseEnter={() => onPoint(field)}
      onMouseLeave={() => onPoint(null)}
      onFocus={() => onPoint(field)}
      onBlur={() => onPoint(null)}
      className={`group flex items-start gap-3 rounded-md px-3 py-1.5 text-sm ${focusRing} ${
        active ? ACTIVE_BG : 'hover:bg-slate-50 dark:hover:bg-slate-800/60'
      }`}
    >
      <span
        aria-hidden="true"
        className={`mt-1.5 h-2.5 w-1 shrink-0 rounded-full ${TINT_SWATCH[tint]}`}
      />
      <div className="min-w-0 flex-1">{children}</div>
      <span className={`shrink-0 pt-0.5 text-right font-mono text-xs tabular-nums ${MUTED}`}>
        {byteRange(span, t)}
        {extra && ` · ${extra}`}
      </span>
    </li>
  );
}

/** A field's or an option's name as RFC 7252 names it: a wire term in every language. */
function Name({ children, sub }: { children: ReactNode; sub?: string }) {
  return (
    <span
      className="inline-block w-32 shrink-0 font-medium text-slate-700 dark:text-slate-300"
      translate="no"
    >
      {children}
      {sub && <span className={`ml-1.5 font-mono text-xs font-normal ${MUTED}`}>{sub}</span>}
    </span>
  );
}

/** A gloss: words, or data (`data`: a token's ASCII, a Content-Format's name). */
function Note({ children, data = false }: { children: ReactNode; data?: boolean }) {
  return (
    <span className={MUTED} translate={data ? 'no' : undefined}>
      {children}
    </span>
  );
}

function PlainValue({ row }: { row: FieldRow }) {
  return (
    <div className="flex flex-wrap items-baseline gap-x-2">
      <Name>{row.name}</Name>
      <span className="font-mono font-semibold text-slate-900 dark:text-slate-50" translate="no">
        {row.value}
      </span>
      {row.note && <Note data={row.noteIsData}>{row.note}</Note>}
    </div>
  );
}

function Badge({ children, tone = 'plain' }: { children: ReactNode; tone?: 'plain' | 'warn' }) {
  const colours =
    tone === 'warn'
      ? 'bg-amber-100 text-amber-900 dark:bg-amber-400/15 dark:text-amber-200'
      : 'bg-slate-100 text-slate-700 dark:bg-slate-700/60 dark:text-slate-200';
  return <span className={`rounded px-1.5 py-px text-xs ${colours}`}>{children}</span>;
}

function OptionValue({ option }: { option: OptionRow }) {
  const { t } = useTranslation();
  return (
    <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
      <Name sub={`#${option.number}`}>{option.name}</Name>
      <span
        className="font-mono font-semibold break-all text-slate-900 dark:text-slate-50"
        translate="no"
      >
        {option.value}
      </span>
      {option.note && <Note data={option.noteIsData}>{option.note}</Note>}
      <span className="inline-flex flex-wrap gap-1">
        {option.critical && <Badge>{t('decode:tree.critical')}</Badge>}
        {option.unsafe && <Badge>{t('decode:tree.unsafe')}</Badge>}
        {option.noCacheKey && <Badge>{t('decode:tree.no-cache-key')}</Badge>}
        {option.warning && <Badge tone="warn">{option.warning}</Badge>}
      </span>
    </div>
  );
}

function PayloadValue({ payload }: { payload: NonNullable<DecodedView['payload']> }) {
  const { t } = useTranslation();
  return (
    <div className="space-y-1.5">
      <div className="flex flex-wrap items-baseline gap-x-2">
        <Name>Payload</Name>
        <Note>
          {t('decode:tree.payload.note', {
            n: payload.length,
            utf8: payload.text === undefined ? 'no' : 'yes',
          })}
        </Note>
      </div>
      {payload.text !== undefined && (
        <pre
          translate="no"
          data-testid="payload-text"
          className="rounded-md bg-slate-100 px-3 py-2 font-mono text-sm whitespace-pre-wrap break-all text-slate-900 dark:bg-slate-800 dark:text-slate-100"
        >
          {payload.text}
        </pre>
      )}
      <p className={`font-mono text-xs break-all ${MUTED}`} translate="no">
        {payload.hex}
      </p>
    </div>
  );
}
