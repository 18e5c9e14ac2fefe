import { create } from 'zustand';
import { i18n } from '../../i18n/i18n';
import { meaningText } from '../meaning-text';
import type { PacketIndex, PacketRow } from '../packet-index';

/** The packet log's filters; the empty filter shows everything. */
export interface PacketFilter {
  /** Case-insensitive text in the path, token or meaning (as the page's language says it). */
  text: string;
  /** A peer's name (or address:port); '' for all. */
  client: string;
  type: '' | 'CON' | 'NON' | 'ACK' | 'RST';
  /** `request` = 0.01–0.31, `success` = 2.xx, `error` = 4.xx and 5.xx. */
  codeClass: '' | 'request' | 'success' | 'error';
  /** Hides empty ACKs and RSTs (message-layer acknowledgements); piggy-backed replies stay. */
  hideEmpty: boolean;
  onlyLost: boolean;
}

export const NO_FILTER: PacketFilter = {
  text: '',
  client: '',
  type: '',
  codeClass: '',
  hideEmpty: false,
  onlyLost: false,
};

export const isEmptyFilter = (f: PacketFilter): boolean =>
  f.text.trim() === '' &&
  f.client === '' &&
  f.type === '' &&
  f.codeClass === '' &&
  !f.hideEmpty &&
  !f.onlyLost;

/** A predicate for the filter, compiled once per filter change. */
export function compileFilter(f: PacketFilter): (row: PacketRow) => boolean {
  const text = f.text.trim().toLowerCase();
  return (row) => {
    const e = row.entry;
    const s = e.summary;
    if (f.onlyLost && e.fate !== 'lost') return false;
    if (f.client && row.peer !== f.client) return false;
    if (f.type && s.type !== f.type) return false;
    if (f.codeClass && row.codeClass !== f.codeClass) return false;
    if (f.hideEmpty && s.codeValue === 0 && (s.type === 'ACK' || s.type === 'RST')) return false;
    if (text) {
      if (
        !meaningText(row).toLowerCase().includes(text) &&
        !(s.path?.toLowerCase().includes(text) ?? false) &&
        !(s.token?.includes(text) ?? false)
      )
        return false;
    }
    return true;
  };
}

// The language too: the search reads the meanings as the page renders them.
const filterKey = (f: PacketFilter): string =>
  JSON.stringify([
    i18n.language,
    f.text.trim().toLowerCase(),
    f.client,
    f.type,
    f.codeClass,
    f.hideEmpty,
    f.onlyLost,
  ]);

/**
 * The rows a filter keeps, kept up to date incrementally: new rows are tested once, rows that
 * left the index's ring are dropped from the front, and only a filter change re-tests every
 * row. With no filter it is the index itself (no copy).
 */
export class PacketView {
  private ordinals: number[] = [];
  private head = 0;
  private key = '';
  private generation = -1;
  private lastOrdinal = -1;
  private firstOrdinal = -1;
  private all = true;
  private index: PacketIndex | undefined;
  /** How many rows left the front of the view in the last `refresh` (for scroll anchoring). */
  dropped = 0;

  refresh(index: PacketIndex, filter: PacketFilter): void {
    const key = filterKey(filter);
    const rows = index.rows;
    const first = rows.at(0)?.ordinal ?? 0;
    const last = rows.at(rows.length - 1)?.ordinal ?? -1;
    this.dropped = 0;
    if (this.index !== index || this.generation !== index.generation || key !== this.key) {
      this.index = index;
      this.generation = index.generation;
      this.key = key;
      this.all = isEmptyFilter(filter);
      this.ordinals = [];
      this.head = 0;
      if (!this.all) {
        const keep = compileFilter(filter);
        for (let i = 0; i < rows.length; i++) {
          const r = rows.at(i) as PacketRow;
          if (keep(r)) this.ordinals.push(r.ordinal);
        }
      }
      this.firstOrdinal = first;
      this.lastOrdinal = last;
      return;
    }
    if (this.all) {
      this.dropped = Math.max(0, first - this.firstOrdinal);
    } else {
      while (this.head < this.ordinals.length && this.ordinals[this.head] < first) {
        this.head++;
        this.dropped++;
      }
      if (this.head > 4096 && this.head * 2 > this.ordinals.length) {
        this.ordinals = this.ordinals.slice(this.head);
        this.head = 0;
      }
      if (last > this.lastOrdinal) {
        const keep = compileFilter(filter);
        for (let i = Math.max(0, this.lastOrdinal + 1 - first); i < rows.length; i++) {
          const r = rows.at(i) as PacketRow;
          if (keep(r)) this.ordinals.push(r.ordinal);
        }
      }
    }
    this.firstOrdinal = first;
    this.lastOrdinal = last;
  }

  get length(): number {
    if (!this.index) return 0;
    return this.all ? this.index.rows.length : this.ordinals.length - this.head;
  }

  at(i: number): PacketRow | undefined {
    if (!this.index || i < 0 || i >= this.length) return undefined;
    return this.all ? this.index.rows.at(i) : this.index.byOrdinal(this.ordinals[this.head + i]);
  }

  /** The position of a row in the view, or -1. */
  indexOf(row: PacketRow | undefined): number {
    if (!row || !this.index) return -1;
    if (this.all) {
      const first = this.index.rows.at(0)?.ordinal ?? 0;
      const i = row.ordinal - first;
      return this.index.rows.at(i) === row ? i : -1;
    }
    let lo = this.head;
    let hi = this.ordinals.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const o = this.ordinals[mid];
      if (o === row.ordinal) return mid - this.head;
      if (o < row.ordinal) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

interface FilterState {
  filter: PacketFilter;
  set: (patch: Partial<PacketFilter>) => void;
  reset: () => void;
}

/** The packet log's filters, kept while the Traffic tabs switch. */
export const usePacketFilter = create<FilterState>()((set) => ({
  filter: NO_FILTER,
  set: (patch) => set((s) => ({ filter: { ...s.filter, ...patch } })),
  reset: () => set({ filter: NO_FILTER }),
}));
