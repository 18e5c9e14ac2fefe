/* eslint-disable @typescript-eslint/no-restricted-imports -- real journal entries from a headless
   world, read from their records as the page reads them, are what the page keeps. */
import { describe, expect, it } from 'vitest';
import { World } from '../../sim/world';
import type { JournalEntry } from '../../sim';
import { RecordCodec } from '../../wire/record';
import { PageEntries } from './entries';

const enc = (s: string) => new TextEncoder().encode(s);

/** Two batches of a world's journal, read from their records as the page reads them. */
function batches(): [JournalEntry[], JournalEntry[]] {
  const world = new World({ seed: 3 });
  const codec = new RecordCodec();
  let mark = world.journal.tableSize;
  let from = world.journal.next;
  const send = () => {
    const part = world.journal.records(from);
    from = world.journal.next;
    codec.learn(world.journal.tableSince(mark));
    mark = world.journal.tableSize;
    const arena = { bytes: new Uint8Array(part.bytes), used: 0 };
    const out: JournalEntry[] = [];
    for (let i = 0, at = 0; i < part.count; i++, at = codec.end)
      out.push(codec.read(part.records, at, arena) as JournalEntry);
    return out;
  };
  world.addCoapClient('sensor');
  // An observer, so a publish writes a notification too.
  world.addCoapClient('screen');
  const observe = world.request('screen', {
    method: 'GET',
    confirmable: true,
    path: 'ps/room/%23',
    observe: 0,
  });
  if (!observe.ok) throw new Error(JSON.stringify(observe.error));
  world.advance(world.now + 10);
  send();
  const publish = () => {
    const r = world.request('sensor', {
      method: 'POST',
      confirmable: true,
      path: 'ps/room/1?retain=true&expiry=60',
      payload: enc('21.5'),
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    world.advance(world.now + 10);
  };
  publish();
  const first = send();
  publish();
  return [first, send()];
}

describe('the entries the page keeps', () => {
  it('change no value of any entry', () => {
    const [a, b] = batches();
    const entries = new PageEntries();
    const kinds = new Set<string>();
    for (const e of [...a, ...b]) {
      const before = structuredClone(e);
      expect(entries.entry(e)).toEqual(before);
      if (e.kind === 'gateway') kinds.add(e.event.kind);
    }
    // The events made again field by field are among them, a retained publish with its expiry.
    expect([...kinds]).toEqual(expect.arrayContaining(['request', 'published', 'notification']));
    const published = b.find((e) => e.kind === 'gateway' && e.event.kind === 'published');
    expect(published).toMatchObject({ event: { retain: true, expiry: 60 } });
  });

  it('share one object per endpoint across batches', () => {
    const [a, b] = batches();
    const inbound = (batch: JournalEntry[]) =>
      batch.find((e) => e.kind === 'datagram' && e.direction === 'to-gateway') as Extract<
        JournalEntry,
        { kind: 'datagram' }
      >;
    const [x, y] = [inbound(a), inbound(b)];
    // Read separately: two equal objects.
    expect(x.from).toEqual(y.from);
    expect(x.from).not.toBe(y.from);
    const entries = new PageEntries();
    const [kx, ky] = [entries.entry(x), entries.entry(y)] as (typeof x)[];
    expect(kx.from).toBe(ky.from);
    expect(kx.to).toBe(ky.to);
  });
});
