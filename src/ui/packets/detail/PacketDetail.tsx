import { memo, useId, useMemo } from 'react';
import type { ReactNode, Ref } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { analyseBytes } from '../decode/analyse';
import { FateBadge, TypeBadge } from './badges';
import { DecodeErrorNotice } from '../decode/DecodeErrorNotice';
import { LinkedBytes } from '../decode/LinkedBytes';
import { endpointKey } from '../../../wire/endpoint';
import { formatTime } from '../../layout/format';
import type { TFunction } from 'i18next';
import type { Endpoint } from '../../../wire/endpoint';
import type { DivergenceNote } from '../../../sim';
import { explainEvent } from './explain';
import { useMsg } from '../../i18n/msg';
import type { EventSentence } from './explain';
import { focusRing } from '../../kit/styles';
import type { PacketRow } from '../packet-index';
import { packetIndex } from '../packets-store';

interface PacketDetailProps {
  row: PacketRow | undefined;
  /**
   * The row's meaning in the page's language (meaning-text.ts), passed apart from `row` so the
   * memo notices: a request's meaning grows when its reply comes, and a language switch.
   */
  meaning: string | undefined;
  ref?: Ref<HTMLElement>;
  onSelect: (row: PacketRow) => void;
}

const BOX =
  'rounded-lg border border-slate-200 bg-white p-4 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:border-slate-700 dark:bg-slate-900';

/** The selected packet: who sent it to whom and what became of it, what it means, where the
 * document is wrong about it, and its fields linked to its bytes. */
export const PacketDetail = memo(function PacketDetail({
  row,
  meaning,
  ref,
  onSelect,
}: PacketDetailProps) {
  const titleId = useId();
  const { t } = useTranslation();
  if (!row)
    return (
      <section ref={ref} tabIndex={-1} aria-label={t('packets:detail.label')} className={BOX}>
        <p className="text-sm text-slate-600 dark:text-slate-400">{t('packets:detail.none')}</p>
      </section>
    );
  const e = row.entry;
  const s = e.summary;
  const inbound = e.direction === 'to-gateway';
  // A peer's name and address are data; the gateway and a real server are named in words.
  const peer = (endpoint: Endpoint) => {
    const address = endpointKey(endpoint);
    return (
      <span translate="no">{row.peer === address ? address : `${row.peer} (${address})`}</span>
    );
  };
  const realServer = (
    <Trans i18nKey="packets:detail.real-server" values={{ server: row.server }} components={WIRE} />
  );
  const gateway = (endpoint: Endpoint) => (
    <Trans
      i18nKey="packets:detail.gateway"
      values={{ address: endpointKey(endpoint) }}
      components={WIRE}
    />
  );
  const toServer = e.direction === 'to-server';
  const from = row.server
    ? toServer
      ? peer(e.from)
      : realServer
    : inbound
      ? peer(e.from)
      : gateway(e.from);
  const to = row.server
    ? toServer
      ? realServer
      : peer(e.to)
    : inbound
      ? gateway(e.to)
      : peer(e.to);
  return (
    <section
      ref={ref}
      tabIndex={-1}
      aria-labelledby={titleId}
      data-testid="packet-detail"
      className={`${BOX} @container space-y-4`}
    >
      <header className="space-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <h3 id={titleId} className="text-sm font-semibold text-slate-900 dark:text-slate-50">
            {t('packets:detail.title', { n: String(packetIndex.numberOf(row)) })}
          </h3>
          <TypeBadge type={s.type} />
          <span
            className="font-mono text-sm text-slate-800 dark:text-slate-200"
            translate={s.ok ? 'no' : undefined}
          >
            {s.ok ? s.code : t('packets:row.malformed')}
          </span>
          {s.messageId !== undefined && (
            <span className="font-mono text-xs text-slate-600 dark:text-slate-400">
              MID {s.messageId}
            </span>
          )}
          <FateBadge fate={e.fate} server={row.server !== undefined} />
        </div>
        <p
          className="font-mono text-xs text-slate-600 dark:text-slate-400"
          data-testid="packet-route"
        >
          {formatTime(e.at)} · {from} → {to} · {fateText(e, t)}
        </p>
      </header>
      <p
        className="text-[15px] leading-snug font-medium text-slate-900 dark:text-slate-50"
        data-testid="packet-detail-meaning"
      >
        {meaning}
      </p>
      {row.notes.length > 0 && <DocumentNotes notes={row.notes} />}
      <Related row={row} onSelect={onSelect} />
      {row.events.length > 0 && (
        <section aria-label={t('packets:detail.did')} className="space-y-1">
          <Heading>{t('packets:detail.did')}</Heading>
          <ul className="list-disc space-y-0.5 pl-5 text-sm text-slate-700 dark:text-slate-300">
            {row.events.map((ev, i) => (
              <li key={i}>
                <Sentence sentence={explainEvent(ev)} />
              </li>
            ))}
          </ul>
        </section>
      )}
      <Bytes key={row.ordinal} bytes={e.bytes} destination={inbound ? e.to : undefined} />
    </section>
  );
});

/**
 * Wire data inside a sentence: a topic, a clientid, an address, as sent; it breaks anywhere (a
 * long `$SYS` topic) rather than widen the pane on a phone.
 */
const WIRE = { w: <span translate="no" className="[overflow-wrap:anywhere]" /> };

/**
 * A sentence of "What the gateway did". `<g>` holds the gateway's own words (its explanation of a
 * request, why it ignored a datagram): marked so a check can tell them from the pane's words.
 */
function Sentence({ sentence }: { sentence: EventSentence }) {
  return (
    <Trans
      i18nKey={sentence.key}
      values={sentence.values}
      components={{ ...WIRE, g: <span data-gateway-words="" /> }}
    />
  );
}

function fateText(e: PacketRow['entry'], t: TFunction): string {
  switch (e.fate) {
    case 'lost':
      return t('packets:detail.fate.lost');
    case 'duplicated':
      return t('packets:detail.fate.duplicated');
    case 'external':
      return e.direction === 'to-server' || e.direction === 'from-server'
        ? t('packets:detail.fate.server')
        : t('packets:detail.fate.peer');
    case 'captured':
      return t('packets:detail.fate.captured');
    case 'delivered':
      return e.arrivesAt !== undefined && e.arrivesAt !== e.at
        ? t('packets:detail.fate.arrived', { time: formatTime(e.arrivesAt) })
        : t('packets:detail.fate.delivered');
  }
}

function Heading({ children }: { children: ReactNode }) {
  return (
    <h4 className="text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">
      {children}
    </h4>
  );
}

/** "Where the document is wrong" (divergence.ts), beside the packet it is about. */
function DocumentNotes({ notes }: { notes: readonly DivergenceNote[] }) {
  const { t } = useTranslation();
  const id = useId();
  const say = useMsg();
  return (
    <section
      aria-labelledby={id}
      data-testid="document-notes"
      className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950 dark:border-amber-500/40 dark:bg-amber-950/40 dark:text-amber-50"
    >
      <h4 id={id} className="font-semibold">
        <span aria-hidden="true">⚠ </span>
        {t('packets:detail.notes.title')}
      </h4>
      <ul className="mt-2 space-y-2.5">
        {notes.map((n) => (
          <li key={n.id} data-note={n.id} className="space-y-0.5">
            <p>
              <span className="font-semibold">{t('packets:detail.notes.document')}</span>
              {say(n.doc)}
            </p>
            <p>
              <span className="font-semibold">{t('packets:detail.notes.gateway')}</span>
              {say(n.actual)}
            </p>
            <p className="text-xs text-amber-900 dark:text-amber-200">{n.ref}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Links to the request a reply answers, the reply a request got, or the notification an ACK
 * answers. A link is never wider than the pane: its path is cut with an ellipsis (the item and
 * the button may shrink), where it once ran out of the pane into the next column.
 */
function Related({ row, onSelect }: { row: PacketRow; onSelect: (row: PacketRow) => void }) {
  const { t } = useTranslation();
  const links: { label: string; row: PacketRow }[] = [];
  const add = (label: string, seq: number | undefined) => {
    const r = seq !== undefined ? packetIndex.bySeq(seq) : undefined;
    if (r) links.push({ label, row: r });
  };
  add(t('packets:detail.related.request'), row.requestSeq);
  add(t('packets:detail.related.response'), row.responseSeq);
  add(t('packets:detail.related.answers'), row.answersSeq);
  if (links.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-2">
      {links.map((l) => {
        const s = l.row.entry.summary;
        return (
          <li key={l.label} className="max-w-full min-w-0">
            <button
              type="button"
              onClick={() => onSelect(l.row)}
              className={`inline-flex max-w-full min-w-0 items-center gap-2 rounded-md border border-slate-300 bg-white px-2.5 py-1 text-left text-xs text-slate-800 hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700 ${focusRing}`}
            >
              <span className="shrink-0 font-medium">{l.label}</span>
              <span className="min-w-0 truncate font-mono" translate="no">
                #{packetIndex.numberOf(l.row)} {s.type} {s.code} {s.path ?? ''}
              </span>
              <span className="shrink-0 text-slate-600 dark:text-slate-400">
                {t('packets:detail.related.at', { time: formatTime(l.row.entry.at) })}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/** The decoded tree and the hex dump, linked by pointer and focus (as in the decode panel). */
function Bytes({
  bytes,
  destination,
}: {
  bytes: Uint8Array;
  /** Where a request went: its URI's host and port when it names none (RFC 7252 §6.5). */
  destination?: Endpoint;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  // The decoded view's notes are in the page's language: decoded again when it changes.
  const analysis = useMemo(() => {
    void language;
    return analyseBytes(
      bytes,
      destination ? { host: destination.address, port: destination.port } : undefined,
    );
  }, [bytes, destination, language]);
  if (analysis.status === 'empty')
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {t('packets:detail.empty-datagram')}
      </p>
    );
  return (
    <div className="space-y-3">
      {analysis.status === 'decode-error' && (
        <DecodeErrorNotice error={analysis.error} length={bytes.length} />
      )}
      <LinkedBytes
        analysis={analysis}
        bytes={bytes}
        dumpLabel={t('packets:detail.dump')}
        bytesHeading={<Heading>{t('packets:detail.bytes', { n: bytes.length })}</Heading>}
        destination={destination ? endpointKey(destination) : undefined}
      />
    </div>
  );
}
