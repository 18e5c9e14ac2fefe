import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../layout/format';
import { focusRing } from '../../kit/styles';
import { ARROW_BOX, ARROW_COLOUR, LANE_BADGE, LIFELINE } from './colours';
import { GUTTER, ROW, diagramGeometry, diagramHeight, fit } from './geometry';
import { useFollowBottom, useKeepInView, useWidth } from './hooks';
import type { Arrow, SequenceModel } from './model';

interface DiagramProps {
  model: SequenceModel;
  selected: number | undefined;
  onSelect: (seq: number) => void;
}

/**
 * The sequence diagram as SVG: a header of lane badges, then one lifeline per lane and one row
 * per arrow, time downwards, the time written where it changes. Lanes share the panel's width
 * within bounds; the body scrolls and keeps the newest arrows in view.
 */
export function Diagram({ model, selected, onSelect }: DiagramProps) {
  const { t } = useTranslation();
  const { lanes, arrows } = model;
  const [outerRef, outerWidth] = useWidth();
  const g = diagramGeometry(outerWidth, lanes.length);
  const x = new Map(lanes.map((l, i) => [l.id, g.laneX(i)]));
  const height = diagramHeight(arrows.length);
  // Hidden (a narrow page's other view), the body cannot scroll: it follows again when shown.
  const { ref, onScroll } = useFollowBottom(outerWidth > 0 ? model : undefined);
  const gateway = lanes.findIndex((l) => l.kind === 'gateway');
  useKeepInView(
    outerRef,
    gateway < 0 ? 0 : g.laneX(gateway) - g.laneWidth / 2,
    lanes.length === 0 ? 0 : g.laneX(lanes.length - 1) + g.laneWidth / 2,
  );
  return (
    <div
      ref={outerRef}
      data-testid="sequence-scroller"
      className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700"
    >
      <div style={{ width: g.width }} className="min-w-full">
        <div
          className="flex border-b border-slate-200 bg-slate-50 py-2 dark:border-slate-700 dark:bg-slate-800"
          aria-hidden="true"
        >
          <div
            style={{ width: GUTTER }}
            className="shrink-0 px-3 text-xs text-slate-600 dark:text-slate-400"
          >
            {t('sequence:diagram.time')}
          </div>
          {lanes.map((l) => (
            <div
              key={l.id}
              style={{ width: g.laneWidth }}
              className="flex shrink-0 justify-center px-1"
            >
              <span
                className={`max-w-full truncate rounded-md px-2 py-0.5 text-xs font-semibold ${LANE_BADGE[l.kind]}`}
                title={l.label}
                translate={l.kind === 'coap' || l.kind === 'mqtt' ? 'no' : undefined}
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
          aria-label={t('sequence:diagram.region')}
          className={`max-h-[34rem] overflow-y-auto bg-white dark:bg-slate-900 ${focusRing}`}
        >
          <svg
            width={g.width}
            height={height}
            role="group"
            aria-label={t('sequence:diagram.label', {
              n: arrows.length,
              lanes: lanes.map((l) => l.label).join(t('sequence:diagram.lane-separator')),
            })}
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
                className={l.kind === 'gateway' ? LIFELINE.gateway : LIFELINE.other}
                strokeWidth={l.kind === 'gateway' ? 2 : 1}
              />
            ))}
            <g aria-hidden="true">
              {arrows.map((a, i) =>
                i === 0 || arrows[i - 1].at !== a.at ? (
                  <text
                    key={a.key}
                    x={8}
                    y={g.rowY(i) + 4}
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
                y={g.rowY(i)}
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

/** A label of wire data (a method and path, a code, a topic): left as it is by page translators. */
const WIRE_DATA: Record<string, string> = { translate: 'no' };

interface ArrowProps {
  arrow: Arrow;
  y: number;
  x1: number;
  x2: number;
  selected: boolean;
  onSelect: (seq: number) => void;
}

/**
 * One message: a line with a head (or a ✕ part way for a lost datagram), dashed for a
 * retransmission, doubled when the network duplicated it. A datagram's arrow is a button that
 * selects its packet.
 */
function ArrowView({ arrow: a, y, x1, x2, selected, onSelect }: ArrowProps) {
  if (a.from === a.to) return <MarkerView arrow={a} y={y} x={x1} />;
  const dir = x2 >= x1 ? 1 : -1;
  const start = x1 + dir * 3;
  const end = a.lost ? x1 + (x2 - x1) * 0.62 : x2 - dir * 3;
  const colour = ARROW_COLOUR[a.kind];
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
        className={selected ? ARROW_BOX.selected : ARROW_BOX.idle}
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
        {...(a.labelIsData ? WIRE_DATA : {})}
        className={`${colour.text} text-[11px] ${selected ? 'font-semibold' : ''}`}
      >
        {label}
      </text>
    </g>
  );
}

/** An event on one lifeline: a give-up (⊘) or a detected duplicate (≡), labelled beside it. */
function MarkerView({ arrow: a, y, x }: { arrow: Arrow; y: number; x: number }) {
  const colour = ARROW_COLOUR[a.kind];
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
