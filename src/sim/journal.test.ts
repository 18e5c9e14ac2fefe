import { describe, expect, it } from 'vitest';
import { Journal, type JournalInput } from './journal';

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
  meaning: `publish ${i}`,
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
    expect(j.drain()).toEqual(back);
    expect(j.drain()).toEqual([]);
    expect(j.since(3, 1).map((e) => e.seq)).toEqual([3]);
  });

  it('drains the entries as appended, unless the ring dropped some or a page asked again', () => {
    const j = new Journal(3);
    const a = j.append(datagram(1));
    const b = j.append(datagram(2));
    // Soon after: the very objects, not copies read from their records.
    const drained = j.drain();
    expect(drained[0]).toBe(a);
    expect(drained[1]).toBe(b);
    // Five more into a ring of three: only the three it keeps, as they were appended.
    const appended = [3, 4, 5, 6, 7].map((i) => j.append(datagram(i)));
    const kept = j.drain();
    expect(kept.map((e) => e.seq)).toEqual([5, 6, 7]);
    expect(kept).toEqual(appended.slice(2).map((e) => structuredClone(e)));
    // A page attaching afresh gets everything kept again.
    j.rewind();
    expect(j.drain().map((e) => e.seq)).toEqual([5, 6, 7]);
    expect(j.drain()).toEqual([]);
  });

  it('drains every entry after a long time undrained (no page attached)', () => {
    const j = new Journal(50_000);
    // More than it keeps as objects for the next drain: the rest is read from the records.
    for (let i = 0; i < 12_000; i++) j.append(datagram(i, 4));
    const out = j.drain();
    expect(out).toHaveLength(12_000);
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
    expect(j.drain().map((e) => e.seq)).toEqual([6]);
  });
});
