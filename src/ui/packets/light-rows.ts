import { formatTime } from '../layout/format';
import type { PacketView } from './filters';
import type { PacketRow } from './packet-index';
import { methodOf } from './request-info';

/** Rows in one element of the packet log's light form (PacketLog.tsx `LightRows`). */
export const LIGHT_CHUNK = 16;

const TIME_WIDTH = 15;

/** A row's text in the light form: line 1 its columns, line 2 its meaning under the peer. */
export function lightText(row: PacketRow): string {
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
  return (
    `${time} ${inbound ? '→' : '←'} ${row.peer.slice(0, 12).padEnd(13)}${(s.type ?? '?').padEnd(5)}` +
    `${String(s.messageId ?? '').padEnd(6)}${(s.token || '–').slice(0, 9).padEnd(10)}${what}` +
    `\n${' '.repeat(TIME_WIDTH + 3)}${row.notes.length ? '⚠ ' : ''}${row.meaning}`
  );
}

/** A chunk's text and the rows (and their meanings, which change) it was made from. */
interface Chunk {
  rows: (PacketRow | undefined)[];
  meanings: (string | undefined)[];
  text: string;
}

/** Chunks kept: a few screens' worth; the one made longest ago goes first. */
const KEPT = 64;

/**
 * The light form's chunk texts, kept while a fling lasts: a chunk's text is made again only when
 * its rows, or their meanings (a request's changes when its response comes), have changed.
 */
export class LightTexts {
  private readonly chunks = new Map<number, Chunk>();

  /**
   * The text of rows `[first, last)` of `view`, two lines a row and a blank row for a position
   * that holds none (it left the view), kept under `key`.
   */
  text(key: number, view: PacketView, first: number, last: number): string {
    const known = this.chunks.get(key);
    if (known && known.rows.length === last - first) {
      let same = true;
      for (let i = first; same && i < last; i++) {
        const row = view.at(i);
        same = row === known.rows[i - first] && row?.meaning === known.meanings[i - first];
      }
      if (same) return known.text;
    }
    const rows: (PacketRow | undefined)[] = [];
    const meanings: (string | undefined)[] = [];
    const lines: string[] = [];
    for (let i = first; i < last; i++) {
      const row = view.at(i);
      rows.push(row);
      meanings.push(row?.meaning);
      lines.push(row ? lightText(row) : '\n');
    }
    const text = lines.join('\n');
    this.chunks.delete(key);
    this.chunks.set(key, { rows, meanings, text });
    if (this.chunks.size > KEPT) this.chunks.delete(this.chunks.keys().next().value as number);
    return text;
  }

  get size(): number {
    return this.chunks.size;
  }
}
