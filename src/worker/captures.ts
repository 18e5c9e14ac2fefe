// Captures: an imported pcap/pcapng shown in the packet views instead of the live journal, and
// the journal exported as pcapng.
import { writePcapng } from '../capture';
import type { CaptureDatagram } from '../capture';
import type { JournalEntry } from '../sim';
import type { CaptureSummary, ClockState } from './api';
import { importCapture } from './capture-import';
import type { DatagramEntry } from './capture-import';

export class Captures {
  /** The capture the packet views show, and how much of it the page was sent. */
  private open: { summary: CaptureSummary; entries: DatagramEntry[]; sent: number } | undefined;

  get summary(): CaptureSummary | undefined {
    return this.open?.summary;
  }

  /** Opens a capture file; the page is then sent its datagrams from the first. */
  load(bytes: Uint8Array, name: string) {
    const r = importCapture(bytes, name);
    if (r.ok) this.open = { summary: r.summary, entries: r.entries, sent: 0 };
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
    return this.open?.entries.filter((e) => e.seq >= from).slice(0, limit);
  }

  /** The next part of the capture for the page, none skipped, on the capture's own clock. */
  take(max: number, realAt: number): { entries: JournalEntry[]; clock: ClockState; more: boolean } {
    const open = this.open;
    if (!open) return { entries: [], clock: { now: 0, rate: 0, realAt }, more: false };
    const entries = open.entries.slice(open.sent, open.sent + max);
    open.sent += entries.length;
    return {
      entries,
      clock: { now: entries.at(-1)?.at ?? 0, rate: 0, realAt },
      more: open.sent < open.entries.length,
    };
  }

  /**
   * `live` (or the open capture, at its own times) as pcapng, stamped at `epochAtZero` + virtual
   * time; lost and duplicated datagrams carry a comment saying so.
   */
  export(live: () => readonly JournalEntry[], epochAtZero: number): Uint8Array {
    const entries = this.open ? this.open.entries : live();
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
