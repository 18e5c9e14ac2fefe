/* eslint-disable @typescript-eslint/no-restricted-imports -- the test drives the real world
   headless (as the worker does) so the list is folded from real journal entries. */
import { describe, expect, it } from 'vitest';
import { World } from '../../sim/world';
import type { JournalEntry } from '../../sim';
import { Ring } from '../state/ring';
import { foldFor } from './deliveries';

/** An MQTT client that publishes to a topic it subscribes to, and the page's ring of its journal. */
function setup() {
  const world = new World({ seed: 4 });
  world.addMqttClient('m1');
  world.mqttSubscribe('m1', 't', { qos: 0, nl: false, rap: false, rh: 0 });
  const ring = new Ring<JournalEntry>(1000);
  let seen = 0;
  const publish = (payload: string) => {
    world.mqttPublish('m1', { topic: 't', payload, qos: 0 });
    for (const e of world.journal.since(seen + 1)) {
      ring.push(e);
      seen = e.seq;
    }
  };
  return { ring, publish };
}

describe('the recent deliveries, folded once per journal version', () => {
  it('folds new entries on from the last fold, newest first', () => {
    const t = setup();
    t.publish('one');
    const first = foldFor(undefined, t.ring, 1, 50);
    expect(first.items.map((d) => d.kind)).toEqual(['mqtt-received', 'mqtt-publish']);
    t.publish('two');
    const second = foldFor(first, t.ring, 2, 50);
    expect(second.version).toBe(2);
    expect(second.items).toHaveLength(4);
    expect(second.items.slice(2)).toEqual(first.items);
  });

  it('is the same fold for the same version, so a render that finds it sets no state', () => {
    const t = setup();
    t.publish('one');
    const first = foldFor(undefined, t.ring, 1, 50);
    expect(foldFor(first, t.ring, 1, 50)).toBe(first);
    // A new version with no new entry: a fold for that version, then the same one again.
    const again = foldFor(first, t.ring, 2, 50);
    expect(again.version).toBe(2);
    expect(again.items).toEqual(first.items);
    expect(foldFor(again, t.ring, 2, 50)).toBe(again);
  });

  it('keeps the limit, and folds afresh when the limit changes', () => {
    const t = setup();
    for (const p of ['a', 'b', 'c']) t.publish(p);
    const three = foldFor(undefined, t.ring, 1, 3);
    expect(three.items).toHaveLength(3);
    expect(foldFor(three, t.ring, 1, 50).items).toHaveLength(6);
  });
});
