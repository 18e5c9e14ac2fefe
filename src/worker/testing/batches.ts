// Journal batches in tests: read as the page reads them, or written as the worker writes them.
import type { JournalEntry } from '../../sim';
import { RecordCodec } from '../../wire/record';
import type { JournalBatch } from '../api';

/** A batch with its entries read. */
export type ReadBatch = JournalBatch & { entries: JournalEntry[] };

/** The entries of `records`, read with `codec` (which learned the tables) as the page reads them. */
export function readRecords(codec: RecordCodec, batch: JournalBatch): JournalEntry[] {
  const arena = { bytes: new Uint8Array(batch.bytes), used: 0 };
  const out: JournalEntry[] = [];
  let offset = 0;
  for (let i = 0; i < batch.count; i++) {
    out.push(codec.read(batch.records, offset, arena) as JournalEntry);
    offset = codec.end;
  }
  return out;
}

/** A listener that reads each batch as the page does (a codec per generation) into `into`. */
export function reading(into: ReadBatch[]): (batch: JournalBatch) => void {
  let codec = new RecordCodec();
  let generation: number | undefined;
  return (batch) => {
    if (batch.generation !== generation) {
      codec = new RecordCodec();
      generation = batch.generation;
    }
    codec.learn(batch.table);
    into.push({ ...batch, entries: readRecords(codec, batch) });
  };
}

/** Writes entries as one generation's batches, as the worker's stream does: records and tables. */
export class BatchWriter {
  private readonly codec = new RecordCodec();
  private mark = this.codec.tableSize;

  constructor(readonly generation = 1) {}

  batch(
    entries: readonly JournalEntry[],
    rest: Pick<JournalBatch, 'clock' | 'version' | 'skipped'>,
  ): JournalBatch {
    const parts: Uint8Array[] = [];
    let bytes = 0;
    for (const e of entries) {
      parts.push(this.codec.write(e).slice());
      if (e.kind === 'datagram') bytes += e.bytes.length;
    }
    const records = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (records.set(p, at), at + p.length), 0);
    const table = this.codec.tableSince(this.mark);
    this.mark = this.codec.tableSize;
    return { records, count: entries.length, bytes, table, ...rest, generation: this.generation };
  }
}
