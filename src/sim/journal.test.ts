import { describe, expect, it } from 'vitest';
import { RecordCodec } from '../wire/record';
import { msg } from '../wire/msg';
import { Journal, type JournalEntry, type JournalInput } from './journal';

const datagram = (i: number, size = 20): JournalInput => ({
  at: i * 10,
  kind: 'datagram',
  from: { address: '192.0.2.10', port: 50000 + (i % 3) },
  to: { address: '192.0.2.1', port: 5683 },
  sender: `client-${i % 3}`,
  direction: 'to-gateway',
  bytes: new Uint8Array(size).fill(i & 0xff),
  fate: i % 5 ? 'delivered' : 'lost',
  arrivesAt: undefined,
  summary: { ok: true, type: 'NON', code: '0.02 POST', messageId: i, token: i.toString(16) },
  meaning: msg('meaning:req.publish', { topic: `t/${i}`, bytes: String(size) }),
});

describe('the journal', () => {
  it('gives back each entry as it was appended, numbered in order', () => {
    const j = new Journal(10);
    const appended = [
      datagram(1),
      {
        at: 15,
        kind: 'gateway',
        event: { kind: 'keepalive-reset', channel: 'ch1', by: 'NON PUT', deadline: 45_000 },
      },
      { at: 16, kind: 'world', event: { kind: 'note', text: 'a note → with ⚠ text' } },
      datagram(2, 0),
    ] as unknown as JournalInput[];
    // What append returns, and what the journal gives back, compared with fresh copies.
    const expected = appended.map((e) => structuredClone(e));
    // Entries appended within one step share its number; a new step numbers them anew.
    const steps = [1, 1, 2, 2];
    appended.forEach((e, i) => {
      if (i === 0 || i === 2) j.beginStep();
      expect(j.append(e).seq).toBe(i + 1);
    });
    const back = j.since(0);
    expect(back).toEqual(expected.map((e, i) => ({ ...e, seq: i + 1, step: steps[i] })));
    expect(j.since(3, 1).map((e) => e.seq)).toEqual([3]);
  });

  it('hands its records to a codec elsewhere, which makes the same entries again', () => {
    const j = new Journal(3);
    const reader = new RecordCodec();
    let mark = j.tableSize;
    /** What a page would get for the entries from `from`: records and the table's delta. */
    const send = (from: number) => {
      const part = j.records(from);
      reader.learn(j.tableSince(mark));
      mark = j.tableSize;
      return read(reader, part);
    };
    const a = structuredClone(j.append(datagram(1)));
    const b = structuredClone(j.append(datagram(2)));
    expect(send(1)).toEqual([a, b]);
    // Five more into a ring of three: only the three it keeps; new strings in the tables.
    const appended = [3, 4, 5, 6, 7].map((i) => structuredClone(j.append(datagram(i))));
    expect(j.oldest).toBe(5);
    expect(send(3)).toEqual(appended.slice(2));
    // A page attaching afresh (a new reader) learns the tables from the start.
    const again = new RecordCodec();
    again.learn(j.tableSince({ keys: 0, strings: 0 }));
    expect(read(again, j.records(0))).toEqual(appended.slice(2));
  });

  it('refuses a table delta that does not follow the one before', () => {
    const j = new Journal(10);
    j.append(datagram(1));
    const first = j.tableSize;
    j.append({ ...datagram(2), sender: 'another' } as JournalInput);
    const reader = new RecordCodec();
    expect(() => reader.learn(j.tableSince(first))).toThrow(/follows one that ended at key 0/);
  });

  it('sends every entry kept after a long time unsent (no page attached)', () => {
    const j = new Journal(50_000);
    for (let i = 0; i < 12_000; i++) j.append(datagram(i, 4));
    const reader = new RecordCodec();
    reader.learn(j.tableSince({ keys: 0, strings: 0 }));
    const part = j.records(1);
    expect(part.bytes).toBe(12_000 * 4);
    const out = read(reader, part);
    expect(out.map((e) => e.seq)).toEqual(Array.from({ length: 12_000 }, (_, i) => i + 1));
    const last = out.at(-1);
    expect(last?.kind === 'datagram' && last.summary.messageId).toBe(11_999);
  });

  it('keeps at most its capacity and lets go of the bytes of the entries it dropped', () => {
    const j = new Journal(1000);
    // 200 bytes a datagram, 100,000 of them: 20 MB appended, the last thousand kept.
    for (let i = 0; i < 100_000; i++) j.append(datagram(i, 200));
    expect(j.size).toBe(1000);
    const kept = j.since(0);
    expect(kept[0].seq).toBe(99_001);
    expect(kept.at(-1)?.seq).toBe(100_000);
    const last = kept.at(-1);
    expect(last?.kind === 'datagram' && [...last.bytes.slice(0, 3)]).toEqual([159, 159, 159]);
    // A thousand records of ~300 bytes, in chunks of 256 KB: at most three chunks held.
    expect(j.bytes).toBeLessThanOrEqual(3 * 256 * 1024);
  });

  it('keeps a datagram larger than a chunk whole', () => {
    const j = new Journal(4);
    const big = new Uint8Array(300 * 1024).map((_, i) => i & 0xff);
    j.append(datagram(1));
    j.append({ ...datagram(2), bytes: big } as JournalInput);
    j.append(datagram(3));
    const [, second] = j.since(0);
    const bytes = second.kind === 'datagram' ? second.bytes : new Uint8Array();
    expect(bytes.length).toBe(big.length);
    expect(bytes.every((b, i) => b === big[i])).toBe(true);
  });

  it('gives the datagrams read together one buffer for their bytes (one copy to the page)', () => {
    const j = new Journal(10);
    for (let i = 0; i < 5; i++) j.append(datagram(i));
    const buffers = new Set(j.since(0).map((e) => e.kind === 'datagram' && e.bytes.buffer));
    expect(buffers.size).toBe(1);
  });

  it('starts empty again on clear, numbering on', () => {
    const j = new Journal(10);
    for (let i = 0; i < 5; i++) j.append(datagram(i));
    j.clear();
    expect(j.since(0)).toEqual([]);
    expect(j.bytes).toBe(0);
    expect(j.append(datagram(9)).seq).toBe(6);
    expect(j.since(0).map((e) => e.seq)).toEqual([6]);
    expect(j.records(0).count).toBe(1);
  });
});

/** The entries of `part`, read as the page reads them: datagram bytes in one arena. */
function read(reader: RecordCodec, part: ReturnType<Journal['records']>): JournalEntry[] {
  const arena = { bytes: new Uint8Array(part.bytes), used: 0 };
  const out: JournalEntry[] = [];
  let offset = 0;
  for (let i = 0; i < part.count; i++) {
    out.push(reader.read(part.records, offset, arena) as JournalEntry);
    offset = reader.end;
  }
  expect(offset).toBe(part.records.length);
  expect(arena.used).toBe(part.bytes);
  return out;
}
