/* eslint-disable @typescript-eslint/no-restricted-imports -- real journal entries from a headless
   world, cloned as postMessage clones them, are what the page interns. */
import { describe, expect, it } from 'vitest';
import { World } from '../../sim/world';
import type { JournalEntry } from '../../sim';
import { Interner } from './intern';

const enc = (s: string) => new TextEncoder().encode(s);

/** Two batches of a world's journal, each cloned as the worker's postMessage would. */
function batches(): [JournalEntry[], JournalEntry[]] {
  const world = new World({ seed: 3 });
  world.addCoapClient('sensor');
  // An observer, so a publish writes a notification too.
  world.addCoapClient('screen');
  const observe = world.request('screen', {
    method: 'GET',
    confirmable: true,
    path: 'ps/room/%23',
    observe: 0,
  });
  if (!observe.ok) throw new Error(observe.error);
  world.advance(world.now + 10);
  world.journal.drain();
  const publish = () => {
    const r = world.request('sensor', {
      method: 'POST',
      confirmable: true,
      path: 'ps/room/1?retain=true&expiry=60',
      payload: enc('21.5'),
    });
    if (!r.ok) throw new Error(r.error);
    world.advance(world.now + 10);
  };
  publish();
  const first = structuredClone(world.journal.drain());
  publish();
  return [first, structuredClone(world.journal.drain())];
}

describe('the page interner', () => {
  it('changes no value of any entry', () => {
    const [a, b] = batches();
    const interner = new Interner();
    const kinds = new Set<string>();
    for (const e of [...a, ...b]) {
      const before = structuredClone(e);
      expect(interner.entry(e)).toEqual(before);
      if (e.kind === 'gateway') kinds.add(e.event.kind);
    }
    // The events it rebuilds field by field are among them, a retained publish with its expiry.
    expect([...kinds]).toEqual(expect.arrayContaining(['request', 'published', 'notification']));
    const published = b.find((e) => e.kind === 'gateway' && e.event.kind === 'published');
    expect(published).toMatchObject({ event: { retain: true, expiry: 60 } });
  });

  it('makes entries from different batches share one object per endpoint', () => {
    const [a, b] = batches();
    const inbound = (batch: JournalEntry[]) =>
      batch.find((e) => e.kind === 'datagram' && e.direction === 'to-gateway') as Extract<
        JournalEntry,
        { kind: 'datagram' }
      >;
    const [x, y] = [inbound(a), inbound(b)];
    // Cloned separately: two equal objects.
    expect(x.from).toEqual(y.from);
    expect(x.from).not.toBe(y.from);
    const interner = new Interner();
    const kept = new Map([...a, ...b].map((e) => [e, interner.entry(e)]));
    const [kx, ky] = [kept.get(x), kept.get(y)] as (typeof x)[];
    expect(kx.from).toBe(ky.from);
    expect(kx.to).toBe(ky.to);
  });
});
