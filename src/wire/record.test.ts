import { describe, expect, it } from 'vitest';
import { msg } from './msg';
import { RecordCodec } from './record';

/** Writes `value`, copies the record out (the codec reuses its buffer) and reads it back. */
function roundTrip(codec: RecordCodec, value: unknown): unknown {
  const record = codec.write(value).slice();
  return codec.read(record, 0);
}

describe('journal records', () => {
  it('give back every kind of value an entry holds, keys in order, undefined values kept', () => {
    const codec = new RecordCodec();
    const entry = {
      seq: 7,
      at: 1234.5,
      kind: 'datagram',
      from: { address: '192.0.2.10', port: 52407 },
      bytes: Uint8Array.of(0x54, 0x45, 0xeb, 0x5d, 0xff),
      arrivesAt: undefined,
      summary: { ok: true, code: '2.05 Content', observe: 12442030, path: undefined },
      channel: null,
      changes: ['heartbeat 30 s → 60 s', 'mountpoint "" → "dev/"'],
      negative: -42,
      huge: 2 ** 60,
      tiny: 1e-9,
      minusZero: -0,
      notANumber: NaN,
      infinite: -Infinity,
      empty: '',
      nested: [[1, [2, []]], {}],
      unicode: '⚠ 温度 😀',
      long: 'x'.repeat(5000),
      no: false,
    };
    const back = roundTrip(codec, entry) as typeof entry;
    expect(back).toStrictEqual(entry);
    expect(Object.keys(back)).toEqual(Object.keys(entry));
    expect('arrivesAt' in back).toBe(true);
    expect(Object.is(back.minusZero, -0)).toBe(true);
    expect(back.bytes).toBeInstanceOf(Uint8Array);
  });

  it('reads strings a key repeats, and those it never repeats, the same way', () => {
    const codec = new RecordCodec();
    // More distinct tokens than a key may number: the later ones are written out in full.
    const records = Array.from({ length: 300 }, (_, i) =>
      codec.write({ kind: 'notification', token: i.toString(16).padStart(8, '0') }).slice(),
    );
    records.forEach((r, i) =>
      expect(codec.read(r, 0)).toEqual({
        kind: 'notification',
        token: i.toString(16).padStart(8, '0'),
      }),
    );
    // A numbered string takes a byte or two; the kind's record is the same length every time.
    expect(records[299].length).toBe(records[100].length);
    expect(records[299].length).toBeLessThan(20);
  });

  it('copies bytes into the arena it is given, one buffer for the entries read together', () => {
    const codec = new RecordCodec();
    const a = codec.write({ bytes: Uint8Array.of(1, 2, 3) }).slice();
    const b = codec.write({ bytes: Uint8Array.of(4, 5) }).slice();
    const arena = { bytes: new Uint8Array(16), used: 0 };
    const ra = codec.read(a, 0, arena) as { bytes: Uint8Array };
    const rb = codec.read(b, 0, arena) as { bytes: Uint8Array };
    expect([...ra.bytes, ...rb.bytes]).toEqual([1, 2, 3, 4, 5]);
    expect(ra.bytes.buffer).toBe(rb.bytes.buffer);
    expect(arena.used).toBe(5);
  });

  it('refuses what is not plain data, saying what it was', () => {
    const codec = new RecordCodec();
    expect(() => codec.write({ when: new Date(0) })).toThrow(/plain data only, not a Date/);
    expect(() => codec.write({ seen: new Map() })).toThrow(/not a Map/);
    expect(() => codec.write({ f: () => 1 })).toThrow(/not a function/);
  });

  it('reads a record where it lies among others', () => {
    const codec = new RecordCodec();
    const first = codec.write({ kind: 'note', text: 'first' }).slice();
    const second = codec.write({ kind: 'note', text: 'second' }).slice();
    const both = new Uint8Array(first.length + second.length);
    both.set(first);
    both.set(second, first.length);
    expect(codec.read(both, first.length)).toEqual({ kind: 'note', text: 'second' });
  });

  it('carry messages (ids with parameters, nested) to a reader elsewhere as they were written', () => {
    const writer = new RecordCodec();
    const reader = new RecordCodec();
    const mark = writer.tableSize;
    const publish = (n: number) => ({
      kind: 'datagram',
      meaning: msg('meaning:retransmission', {
        n: String(n),
        text: msg('meaning:req.publish-qos', { topic: `coap/${n}`, qos: '1', bytes: '5' }),
      }),
      outcome: msg('meaning:outcome.published-deliveries', { n }),
      notes: [
        {
          id: 'delete-2.02',
          doc: msg('notes:delete-2.02.doc'),
          actual: msg('notes:delete-2.02.actual'),
          ref: 'gateway-behaviour §1.2, §4 #2',
        },
      ],
    });
    const records = [1, 2, 3].map((n) => writer.write(publish(n)).slice());
    reader.learn(writer.tableSince(mark));
    expect(records.map((r) => reader.read(r, 0))).toEqual([1, 2, 3].map(publish));
    // Compact: the ids and parameter names are numbered in the tables, not written each time.
    const again = writer.write(publish(4)).length;
    expect(again).toBeLessThan(JSON.stringify(publish(4)).length / 2);
  });
});
