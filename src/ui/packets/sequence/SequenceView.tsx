import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { JournalEntry } from '../../../sim';
import { formatTime } from '../../layout/format';
import { button } from '../../kit/styles';
import { usePlayground } from '../../state/store';
import { focusRing } from '../../kit/styles';
import type { PacketRow } from '../packet-index';
import { packetIndex, useJournalVersion } from '../packets-store';
import {
  buildSequence,
  isSequenceEvent,
  type Arrow,
  type ArrowKind,
  type Lane,
  type SequenceModel,
} from './model';

/** How many of the newest datagrams the diagram shows. */
export const SEQUENCE_DATAGRAMS = 200;
/** Journal entries scanned at most for the MQTT side of those datagrams. */
const SCAN_LIMIT = 20_000;
/** Lane widths: they share the panel's width, within these bounds (then it scrolls sideways). */
const LANE_MIN = 104;
const LANE_MAX = 190;
const GUTTER = 76;
const ROW = 30;
const TOP = 14;
/** Re-draw at most this often (ms): the diagram is for reading, not for 60 batches a second. */
const REDRAW = 250;

function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = Math.max(0, last.current + ms - Date.now());
    const t = setTimeout(() => {
      last.current = Date.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(t);
  }, [value, ms]);
  return shown;
}

function currentModel(): SequenceModel {
  const rows: PacketRow[] = [];
  const all = packetIndex.rows;
  for (let i = Math.max(0, all.length - SEQUENCE_DATAGRAMS); i < all.length; i++)
    rows.push(all.at(i) as PacketRow);
  const others: JournalEntry[] = [];
  if (rows.length) {
    const first = rows[0].entry.seq;
    const journal = usePlayground.getState().journal;
    for (let i = journal.length - 1, n = 0; i >= 0 && n < SCAN_LIMIT; i--, n++) {
      const e = journal.at(i) as JournalEntry;
      if (e.seq < first) break;
      if (isSequenceEvent(e)) others.push(e);
    }
    others.reverse();
  }
  return buildSequence(rows, others);
}

/** Stroke and text colours per kind of arrow (≥ 4.5:1 on the panel in both themes). */
const COLOUR: Record<ArrowKind, { line: string; text: string }> = {
  request: {
    line: 'stroke-sky-600 fill-sky-600 dark:stroke-sky-400 dark:fill-sky-400',
    text: 'fill-sky-800 dark:fill-sky-300',
  },
  response: {
    line: 'stroke-emerald-600 fill-emerald-600 dark:stroke-emerald-400 dark:fill-emerald-400',
    text: 'fill-emerald-800 dark:fill-emerald-300',
  },
  error: {
    line: 'stroke-rose-600 fill-rose-600 dark:stroke-rose-400 dark:fill-rose-400',
    text: 'fill-rose-800 dark:fill-rose-300',
  },
  notification: {
    line: 'stroke-violet-600 fill-violet-600 dark:stroke-violet-400 dark:fill-violet-400',
    text: 'fill-violet-800 dark:fill-violet-300',
  },
  empty: {
    line: 'stroke-slate-500 fill-slate-500 dark:stroke-slate-400 dark:fill-slate-400',
    text: 'fill-slate-700 dark:fill-slate-300',
  },
  malformed: {
    line: 'stroke-rose-600 fill-rose-600 dark:stroke-rose-400 dark:fill-rose-400',
    text: 'fill-rose-800 dark:fill-rose-300',
  },
  publish: {
    line: 'stroke-amber-600 fill-amber-600 dark:stroke-amber-400 dark:fill-amber-400',
    text: 'fill-amber-900 dark:fill-amber-200',
  },
  deliver: {
    line: 'stroke-teal-600 fill-teal-600 dark:stroke-teal-400 dark:fill-teal-400',
    text: 'fill-teal-800 dark:fill-teal-300',
  },
  'gave-up': {
    line: 'stroke-rose-700 fill-rose-700 dark:stroke-rose-300 dark:fill-rose-300',
    text: 'fill-rose-800 dark:fill-rose-300',
  },
  duplicate: {
    line: 'stroke-orange-700 fill-orange-700 dark:stroke-orange-300 dark:fill-orange-300',
    text: 'fill-orange-900 dark:fill-orange-200',
  },
};

const LANE_BADGE: Record<Lane['kind'], string> = {
  coap: 'bg-sky-100 text-sky-900 dark:bg-sky-400/15 dark:text-sky-200',
  gateway: 'bg-slate-800 text-white dark:bg-slate-200 dark:text-slate-900',
  broker: 'bg-amber-100 text-amber-950 dark:bg-amber-400/15 dark:text-amber-100',
  mqtt: 'bg-teal-100 text-teal-900 dark:bg-teal-400/15 dark:text-teal-100',
  server: 'bg-violet-100 text-violet-900 dark:bg-violet-400/15 dark:text-violet-100',
};

/**
 * The last datagrams as a sequence diagram: one lifeline per participant (CoAP clients, the
 * gateway, the broker, MQTT clients), time downwards. Click an arrow to select its packet; a
 * list of the same messages is the text alternative.
 */
export function SequenceView() {
  const version = useThrottled(useJournalVersion(), REDRAW);
  const selected = usePlayground((s) => s.selectedPacket);
  const selectPacket = usePlayground((s) => s.selectPacket);
  const [asList, setAsList] = useState(false);
  // `version` says when the index changed; the model reads the index itself.
  const model = useMemo(() => currentModel(), [version]);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-xs text-slate-600 dark:text-slate-400">
          The last {SEQUENCE_DATAGRAMS} datagrams and what they caused, time downwards.
          {!asList && ' Click an arrow to select its packet.'}
        </p>
        <button
          type="button"
          aria-pressed={asList}
          onClick={() => setAsList((v) => !v)}
          className={`${button} px-2 py-0.5 text-xs`}
        >
          Show as a list
        </button>
      </div>
      <Legend />
      {model.arrows.length === 0 ? (
        <div className="flex h-48 items-center justify-center rounded-lg border border-dashed border-slate-300 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          No traffic yet: the diagram draws itself as datagrams flow.
        </div>
      ) : asList ? (
        <SequenceList model={model} selected={selected} onSelect={selectPacket} />
      ) : (
        <Diagram model={model} selected={selected} onSelect={selectPacket} />
      )}
    </div>
  );
}

function Legend() {
  const item = (kind: ArrowKind, text: string) => (
    <li className="inline-flex items-center gap-1.5">
      <svg aria-hidden="true" width="18" height="8" className={COLOUR[kind].line}>
        <line x1="0" y1="4" x2="13" y2="4" strokeWidth="2" />
        <polygon points="12,0 18,4 12,8" stroke="none" />
      </svg>
      {text}
    </li>
  );
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700 dark:text-slate-300">
      {item('request', 'request')}
      {item('response', 'reply')}
      {item('error', 'error reply')}
      {item('notification', 'notification')}
      {item('empty', 'empty ACK/RST')}
      {item('publish', 'to the broker')}
      {item('deliver', 'MQTT')}
      <li>
        <span aria-hidden="true">✕</span> lost (stops short)
      </li>
      <li>
        <span aria-hidden="true">↻</span> retransmission (dashed)
      </li>
      <li>
        <span aria-hidden="true">×2</span> duplicated by the network
      </li>
      <li className="inline-flex items-center gap-1">
        <span aria-hidden="true" className="font-bold text-orange-800 dark:text-orange-200">
          ≡
        </span>{' '}
        duplicate detected
      </li>
      <li className="inline-flex items-center gap-1">
        <span aria-hidden="true" className="font-bold text-rose-800 dark:text-rose-300">
          ⊘
        </span>{' '}
        gave up after MAX_RETRANSMIT
      </li>
      <li>
        <span aria-hidden="true">⚠</span> differs from the document
      </li>
    </ul>
  );
}

interface ViewProps {
  model: SequenceModel;
  selected: number | undefined;
  onSelect: (seq: number) => void;
}

function useFollow(dep: unknown) {
  const ref = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && following.current) el.scrollTop = el.scrollHeight;
  }, [dep]);
  const onScroll = () => {
    const el = ref.current;
    if (el) following.current = el.scrollHeight - el.scrollTop - el.clientHeight < ROW;
  };
  return { ref, onScroll };
}

/** The width of an element, kept up to date. */
function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return { ref, width };
}

function Diagram({ model, selected, onSelect }: ViewProps) {
  const { lanes, arrows } = model;
  const outer = useWidth();
  // Leave room for the vertical scrollbar of the body.
  const laneW = Math.max(
    LANE_MIN,
    Math.min(LANE_MAX, Math.floor((outer.width - GUTTER - 16) / Math.max(1, lanes.length))),
  );
  const x = new Map(lanes.map((l, i) => [l.id, GUTTER + i * laneW + laneW / 2]));
  const width = GUTTER + lanes.length * laneW;
  const height = TOP + arrows.length * ROW + 8;
  const { ref, onScroll } = useFollow(model);
  return (
    <div
      ref={outer.ref}
      className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700"
    >
      <div style={{ width }} className="min-w-full">
        <div
          className="flex border-b border-slate-200 bg-slate-50 py-2 dark:border-slate-700 dark:bg-slate-800"
          aria-hidden="true"
        >
          <div
            style={{ width: GUTTER }}
            className="shrink-0 px-3 text-xs text-slate-600 dark:text-slate-400"
          >
            time
          </div>
          {lanes.map((l) => (
            <div key={l.id} style={{ width: laneW }} className="flex shrink-0 justify-center px-1">
              <span
                className={`max-w-full truncate rounded-md px-2 py-0.5 text-xs font-semibold ${LANE_BADGE[l.kind]}`}
                title={l.label}
              >
                {l.label}
              </span>
            </div>
          ))}
        </div>
        <div
          ref={ref}
          onScroll={onScroll}
          tabIndex={0}
          role="region"
          aria-label="Sequence diagram, scrollable"
          className={`max-h-[34rem] overflow-y-auto bg-white dark:bg-slate-900 ${focusRing}`}
        >
          <svg
            width={width}
            height={height}
            role="group"
            aria-label={`Sequence diagram of ${arrows.length} messages between ${lanes.map((l) => l.label).join(', ')}`}
            className="block font-sans"
            data-testid="sequence-diagram"
          >
            {lanes.map((l) => (
              <line
                key={l.id}
                x1={x.get(l.id)}
                x2={x.get(l.id)}
                y1={0}
                y2={height}
                strokeDasharray={l.kind === 'gateway' ? undefined : '3 4'}
                className={
                  l.kind === 'gateway'
                    ? 'stroke-slate-400 dark:stroke-slate-500'
                    : 'stroke-slate-300 dark:stroke-slate-600'
                }
                strokeWidth={l.kind === 'gateway' ? 2 : 1}
              />
            ))}
            <g aria-hidden="true">
              {arrows.map((a, i) =>
                i === 0 || arrows[i - 1].at !== a.at ? (
                  <text
                    key={a.key}
                    x={8}
                    y={TOP + i * ROW + ROW / 2 + 4}
                    className="fill-slate-600 font-mono text-[10.5px] dark:fill-slate-400"
                  >
                    {formatTime(a.at)}
                  </text>
                ) : null,
              )}
            </g>
            {arrows.map((a, i) => (
              <ArrowView
                key={a.key}
                arrow={a}
                y={TOP + i * ROW + ROW / 2}
                x1={x.get(a.from) ?? 0}
                x2={x.get(a.to) ?? 0}
                selected={a.datagram && a.seq === selected}
                onSelect={onSelect}
              />
            ))}
          </svg>
        </div>
      </div>
    </div>
  );
}

/** Fits a label to `px` pixels of 11-px text (about 6.2 px a character). */
function fit(text: string, px: number): string {
  const max = Math.max(4, Math.floor(px / 6.2));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function ArrowView({
  arrow: a,
  y,
  x1,
  x2,
  selected,
  onSelect,
}: {
  arrow: Arrow;
  y: number;
  x1: number;
  x2: number;
  selected: boolean;
  onSelect: (seq: number) => void;
}) {
  if (a.from === a.to) return <MarkerView arrow={a} y={y} x={x1} />;
  const dir = x2 >= x1 ? 1 : -1;
  const start = x1 + dir * 3;
  const end = a.lost ? x1 + (x2 - x1) * 0.62 : x2 - dir * 3;
  const colour = COLOUR[a.kind];
  const prefix = `${a.notes ? '⚠ ' : ''}${a.retransmission ? '↻ ' : ''}`;
  const suffix = a.duplicated ? ' ×2' : '';
  const label = fit(`${prefix}${a.label}${suffix}`, Math.abs(x2 - x1) - 10);
  const interactive = a.datagram;
  const activate = () => onSelect(a.seq);
  const onKeyDown = (e: KeyboardEvent<SVGGElement>) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      activate();
    }
  };
  return (
    <g
      role={interactive ? 'button' : 'img'}
      aria-label={a.title}
      aria-pressed={interactive ? selected : undefined}
      tabIndex={interactive ? 0 : undefined}
      onClick={interactive ? activate : undefined}
      onKeyDown={interactive ? onKeyDown : undefined}
      data-seq={interactive ? a.seq : undefined}
      data-testid="sequence-arrow"
      className={`${interactive ? 'cursor-pointer' : ''} group outline-none`}
    >
      <title>{a.title}</title>
      <rect
        x={Math.min(x1, x2) - 4}
        y={y - ROW / 2 + 1}
        width={Math.abs(x2 - x1) + 8}
        height={ROW - 2}
        rx={4}
        className={
          selected
            ? 'fill-sky-100 stroke-sky-500 dark:fill-sky-900/60 dark:stroke-sky-400'
            : 'fill-transparent stroke-none group-hover:fill-slate-100 group-focus-visible:fill-sky-50 group-focus-visible:stroke-sky-600 dark:group-hover:fill-slate-800 dark:group-focus-visible:fill-sky-950 dark:group-focus-visible:stroke-sky-400'
        }
      />
      <line
        x1={start}
        y1={y + 3}
        x2={end - dir * 5}
        y2={y + 3}
        strokeWidth={selected ? 2.5 : 1.6}
        strokeDasharray={a.retransmission ? '5 3' : undefined}
        className={colour.line}
      />
      {a.duplicated && (
        <line
          x1={start}
          y1={y + 6}
          x2={end - dir * 5}
          y2={y + 6}
          strokeWidth={1}
          className={`${colour.line} opacity-60`}
        />
      )}
      {a.lost ? (
        <text
          x={end}
          y={y + 7}
          textAnchor="middle"
          className="fill-rose-700 text-[13px] font-bold dark:fill-rose-300"
        >
          ✕
        </text>
      ) : (
        <polygon
          points={`${end},${y + 3} ${end - dir * 7},${y - 0.5} ${end - dir * 7},${y + 6.5}`}
          className={colour.line}
          strokeWidth={0}
        />
      )}
      <text
        x={(x1 + x2) / 2}
        y={y - 3}
        textAnchor="middle"
        className={`${colour.text} text-[11px] ${selected ? 'font-semibold' : ''}`}
      >
        {label}
      </text>
    </g>
  );
}

/** An event on one lifeline: a give-up (⊘) or a detected duplicate (≡), labelled beside it. */
function MarkerView({ arrow: a, y, x }: { arrow: Arrow; y: number; x: number }) {
  const colour = COLOUR[a.kind];
  return (
    <g role="img" aria-label={a.title} data-testid="sequence-marker" data-kind={a.kind}>
      <title>{a.title}</title>
      <circle
        cx={x}
        cy={y + 1}
        r={7}
        className="fill-white stroke-current dark:fill-slate-900"
        strokeWidth={0}
      />
      <text
        x={x}
        y={y + 5.5}
        textAnchor="middle"
        className={`${colour.text} text-[13px] font-bold`}
      >
        {a.kind === 'gave-up' ? '⊘' : '≡'}
      </text>
      <text x={x + 11} y={y + 5} className={`${colour.text} text-[11px] font-semibold`}>
        {a.label}
      </text>
    </g>
  );
}

/** The text alternative: the same messages as an ordered list. */
function SequenceList({ model, selected, onSelect }: ViewProps) {
  const { ref, onScroll } = useFollow(model);
  return (
    <div
      ref={ref}
      onScroll={onScroll}
      tabIndex={0}
      role="region"
      aria-label="Messages, oldest first"
      className={`max-h-[34rem] overflow-y-auto rounded-lg border border-slate-200 dark:border-slate-700 ${focusRing}`}
    >
      <ol
        className="divide-y divide-slate-100 text-sm dark:divide-slate-800"
        data-testid="sequence-list"
      >
        {model.arrows.map((a) => (
          <li key={a.key}>
            {a.datagram ? (
              <button
                type="button"
                aria-pressed={a.seq === selected}
                onClick={() => onSelect(a.seq)}
                className={`block w-full px-3 py-1.5 text-left text-slate-800 hover:bg-slate-50 dark:text-slate-200 dark:hover:bg-slate-800 ${a.seq === selected ? 'bg-sky-50 dark:bg-sky-950/70' : ''} ${focusRing}`}
              >
                {a.title}
              </button>
            ) : (
              <p className="px-3 py-1.5 text-slate-700 dark:text-slate-300">{a.title}</p>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
