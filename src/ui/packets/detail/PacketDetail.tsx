import { memo, useId, useMemo } from 'react';
import type { ReactNode, Ref } from 'react';
import { analyseBytes } from '../decode/analyse';
import { FateBadge, TypeBadge } from './badges';
import { DecodeErrorNotice } from '../decode/DecodeErrorNotice';
import { LinkedBytes } from '../decode/LinkedBytes';
import { endpointKey } from '../../../wire/endpoint';
import { formatTime } from '../../layout/format';
import type { Endpoint } from '../../../wire/endpoint';
import type { DivergenceNote } from '../../../sim';
import { explainEvent } from './explain';
import { useMsg } from '../../i18n/msg';
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
  if (!row)
    return (
      <section ref={ref} tabIndex={-1} aria-label="Packet detail" className={BOX}>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Select a packet to see its fields, its bytes and what the gateway made of it.
        </p>
      </section>
    );
  const e = row.entry;
  const s = e.summary;
  const inbound = e.direction === 'to-gateway';
  const peer = (endpoint: Endpoint) => {
    const address = endpointKey(endpoint);
    return row.peer === address ? address : `${row.peer} (${address})`;
  };
  const toServer = e.direction === 'to-server';
  const from = row.server
    ? toServer
      ? peer(e.from)
      : `real server (${row.server})`
    : inbound
      ? peer(e.from)
      : `gateway (${endpointKey(e.from)})`;
  const to = row.server
    ? toServer
      ? `real server (${row.server})`
      : peer(e.to)
    : inbound
      ? `gateway (${endpointKey(e.to)})`
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
            Packet #{packetIndex.numberOf(row)}
          </h3>
          <TypeBadge type={s.type} />
          <span className="font-mono text-sm text-slate-800 dark:text-slate-200">
            {s.ok ? s.code : 'malformed'}
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
          {formatTime(e.at)} · {from} → {to} · {fateText(e)}
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
        <section aria-label="What the gateway did" className="space-y-1">
          <Heading>What the gateway did</Heading>
          <ul className="list-disc space-y-0.5 pl-5 text-sm text-slate-700 dark:text-slate-300">
            {row.events.map((ev, i) => (
              <li key={i}>{explainEvent(ev)}</li>
            ))}
          </ul>
        </section>
      )}
      <Bytes key={row.ordinal} bytes={e.bytes} destination={inbound ? e.to : undefined} />
    </section>
  );
});

function fateText(e: PacketRow['entry']): string {
  switch (e.fate) {
    case 'lost':
      return 'lost on the way';
    case 'duplicated':
      return 'delivered twice';
    case 'external':
      return e.direction === 'to-server' || e.direction === 'from-server'
        ? 'real server, through the relay'
        : 'real peer, through the relay';
    case 'captured':
      return 'from the imported capture';
    case 'delivered':
      return e.arrivesAt !== undefined && e.arrivesAt !== e.at
        ? `arrived at ${formatTime(e.arrivesAt)}`
        : 'delivered';
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
  const id = useId();
  const say = useMsg();
  return (
    <section
      aria-labelledby={id}
      data-testid="document-notes"
      className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950 dark:border-amber-500/40 dark:bg-amber-950/40 dark:text-amber-50"
    >
      <h4 id={id} className="font-semibold">
        <span aria-hidden="true">⚠ </span>Where the document is wrong
      </h4>
      <ul className="mt-2 space-y-2.5">
        {notes.map((n) => (
          <li key={n.id} data-note={n.id} className="space-y-0.5">
            <p>
              <span className="font-semibold">Document: </span>
              {say(n.doc)}
            </p>
            <p>
              <span className="font-semibold">Gateway: </span>
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
  const links: { label: string; row: PacketRow }[] = [];
  const add = (label: string, seq: number | undefined) => {
    const r = seq !== undefined ? packetIndex.bySeq(seq) : undefined;
    if (r) links.push({ label, row: r });
  };
  add('Answers the request', row.requestSeq);
  add('Answered by', row.responseSeq);
  add('Answers', row.answersSeq);
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
              <span className="shrink-0 font-medium">{l.label}:</span>
              <span className="min-w-0 truncate font-mono">
                #{packetIndex.numberOf(l.row)} {s.type} {s.code} {s.path ?? ''}
              </span>
              <span className="shrink-0 text-slate-600 dark:text-slate-400">
                at {formatTime(l.row.entry.at)}
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
  const analysis = useMemo(
    () =>
      analyseBytes(
        bytes,
        destination ? { host: destination.address, port: destination.port } : undefined,
      ),
    [bytes, destination],
  );
  if (analysis.status === 'empty')
    return <p className="text-sm text-slate-600 dark:text-slate-400">An empty datagram.</p>;
  return (
    <div className="space-y-3">
      {analysis.status === 'decode-error' && (
        <DecodeErrorNotice error={analysis.error} length={bytes.length} />
      )}
      <LinkedBytes
        analysis={analysis}
        bytes={bytes}
        dumpLabel="Hex dump of the packet"
        bytesHeading={<Heading>Bytes ({bytes.length})</Heading>}
        destination={destination ? endpointKey(destination) : undefined}
      />
    </div>
  );
}
