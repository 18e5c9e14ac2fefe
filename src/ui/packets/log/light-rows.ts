import { formatTime } from '../../layout/format';
import { meaningText } from '../meaning-text';
import { isInbound, rowWhat } from '../packet-index';
import type { PacketRow } from '../packet-index';

const TIME_WIDTH = 15;

/** A row's two lines in the light form: its columns, then its meaning under the peer. */
export function lightLines(row: PacketRow): [columns: string, meaning: string] {
  const e = row.entry;
  const s = e.summary;
  const inbound = isInbound(row);
  const what = rowWhat(row);
  // Wide enough for `59 min 59.999 s`; a later time pushes the line right, never into the arrow.
  const time = formatTime(e.at).padEnd(TIME_WIDTH);
  return [
    `${time} ${inbound ? '→' : '←'} ${row.peer.slice(0, 12).padEnd(13)}${(s.type ?? '?').padEnd(5)}` +
      `${String(s.messageId ?? '').padEnd(6)}${(s.token || '–').slice(0, 9).padEnd(10)}${what}`,
    `${' '.repeat(TIME_WIDTH + 3)}${row.notes.length ? '⚠ ' : ''}${meaningText(row)}`,
  ];
}

/** The rows `[first, last)` a light form `height` px tall shows when scrolled to `top`. */
export function lightRange(
  top: number,
  height: number,
  rowHeight: number,
  count: number,
): [first: number, last: number] {
  const first = Math.max(0, Math.floor(top / rowHeight));
  return [Math.min(first, count), Math.min(count, Math.ceil((top + height) / rowHeight))];
}

/** Where the light form's text starts: the rows' left padding. */
export const LIGHT_X = 12;

/** The rows the light form draws from: the log's filtered view. */
export interface LightRowSource {
  at(i: number): PacketRow | undefined;
}

/**
 * Draws the rows a canvas `height` px tall shows at scroll position `top`, two lines a row. The
 * canvas sits under the sticky header, which is as tall as the rows start below the grid's top,
 * so row i is drawn i × rowHeight − top down the canvas; its lines are centred on a quarter and
 * three quarters of its height (the canvas's textBaseline is 'middle').
 */
export function drawLightRows(
  ctx: Pick<CanvasRenderingContext2D, 'fillText'>,
  rows: LightRowSource,
  count: number,
  top: number,
  height: number,
  rowHeight: number,
): void {
  const [first, last] = lightRange(top, height, rowHeight, count);
  for (let i = first; i < last; i++) {
    const row = rows.at(i);
    if (!row) continue;
    const y = i * rowHeight - top;
    const [line1, line2] = lightLines(row);
    ctx.fillText(line1, LIGHT_X, y + rowHeight / 4);
    ctx.fillText(line2, LIGHT_X, y + (rowHeight * 3) / 4);
  }
}
