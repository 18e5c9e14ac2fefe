import { formatTime } from '../../layout/format';
import type { PacketRow } from '../packet-index';
import { methodOf } from '../request-info';

const TIME_WIDTH = 15;

/** A row's two lines in the light form: its columns, then its meaning under the peer. */
export function lightLines(row: PacketRow): [columns: string, meaning: string] {
  const e = row.entry;
  const s = e.summary;
  const inbound = e.direction === 'to-gateway' || e.direction === 'to-server';
  const what = !s.ok
    ? 'malformed'
    : row.codeClass === 'request'
      ? `${methodOf(s.code)} ${s.path}`
      : s.code;
  // Wide enough for `59 min 59.999 s`; a later time pushes the line right, never into the arrow.
  const time = formatTime(e.at).padEnd(TIME_WIDTH);
  return [
    `${time} ${inbound ? '→' : '←'} ${row.peer.slice(0, 12).padEnd(13)}${(s.type ?? '?').padEnd(5)}` +
      `${String(s.messageId ?? '').padEnd(6)}${(s.token || '–').slice(0, 9).padEnd(10)}${what}`,
    `${' '.repeat(TIME_WIDTH + 3)}${row.notes.length ? '⚠ ' : ''}${row.meaning}`,
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
