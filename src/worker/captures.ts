// Captures: an imported pcap/pcapng shown in the packet views instead of the live journal, and
// the journal exported as pcapng.
import { writePcapng } from '../capture';
import type { CaptureDatagram } from '../capture';
import { Journal } from '../sim';
import type { JournalEntry } from '../sim';
import type { CaptureSummary, ClockState } from './api';
import { importCapture } from './capture-import';

export class Captures {
  /** The capture the packet views show, kept as a journal (the page is sent its records). */
  private open: { summary: CaptureSummary; journal: Journal } | undefined;

  get summary(): CaptureSummary | undefined {
    return this.open?.summary;
  }

  /** Opens a capture file; the page is then sent its datagrams from the first. */
  load(bytes: Uint8Array, name: string) {
    const r = importCapture(bytes, name);
    if (r.ok) {
      const journal = new Journal(Math.max(1, r.entries.length));
      for (const e of r.entries) journal.appendNumbered(e);
      this.open = { summary: r.summary, journal };
    }
    return r.ok ? { ok: true as const, summary: r.summary } : r;
  }

  /** Back to the live world; whether a capture was open. */
  close(): boolean {
    const was = this.open !== undefined;
    this.open = undefined;
    return was;
  }

  /** The capture's entries with seq ≥ `from`, at most `limit`. */
  since(from: number, limit: number): JournalEntry[] | undefined {
    return this.open?.journal.since(from, limit);
  }

  /** The open capture as a journal, for the stream to send whole. */
  get journal(): Journal | undefined {
    return this.open?.journal;
  }

  /** The capture's own clock once the page has its entries before `upTo`: stopped at the last. */
  clock(upTo: number, realAt: number): ClockState {
    const last = upTo > 1 ? this.open?.journal.since(upTo - 1, 1)[0] : undefined;
    return { now: last?.at ?? 0, rate: 0, realAt };
  }

  /**
   * `live` (or the open capture, at its own times) as pcapng, stamped at `epochAtZero` + virtual
   * time; lost and duplicated datagrams carry a comment saying so.
   */
  export(live: () => readonly JournalEntry[], epochAtZero: number): Uint8Array {
    const entries = this.open ? this.open.journal.since(0) : live();
    const epoch = this.open ? (this.open.summary.startedAt ?? 0) : epochAtZero;
    const packets: CaptureDatagram[] = [];
    for (const e of entries) {
      if (e.kind !== 'datagram') continue;
      const comment =
        e.fate === 'lost'
          ? 'lost on the virtual network: it never arrived'
          : e.fate === 'duplicated'
            ? 'duplicated by the virtual network: it arrived twice'
            : undefined;
      packets.push({ timeMs: epoch + e.at, src: e.from, dst: e.to, payload: e.bytes, comment });
    }
    return writePcapng(packets);
  }
}
