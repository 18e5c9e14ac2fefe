/* eslint-disable @typescript-eslint/no-restricted-imports -- the test drives the real world
   headless (as the worker does) to build the diagram from real journal entries. */
import { describe, expect, it } from 'vitest';
import { World } from '../../../sim/world';
import type { JournalEntry } from '../../../sim';
import { PacketIndex, type PacketRow } from '../packet-index';
import { BROKER_LANE, GATEWAY_LANE, buildSequence, isSequenceEvent, latestSequence } from './model';

function scene() {
  const world = new World({ seed: 3 });
  world.addCoapClient('c1');
  world.addMqttClient('m1');
  world.mqttSubscribe('m1', 't', { qos: 0, nl: false, rap: false, rh: 0 });
  world.setLink('c1', { loss: 1, delay: 0, duplicate: 0 });
  world.request('c1', {
    method: 'POST',
    confirmable: true,
    path: 'ps/t',
    payload: Uint8Array.of(0x31),
  });
  world.setLink('c1', { loss: 0, delay: 0, duplicate: 0 });
  world.advance(10_000);
  const entries = world.journal.since(1);
  const index = new PacketIndex(100);
  index.ingest(entries);
  const rows: PacketRow[] = [];
  for (let i = 0; i < index.rows.length; i++) rows.push(index.rows.at(i) as PacketRow);
  const others = entries.filter(
    (e: JournalEntry) =>
      (e.kind === 'gateway' && e.event.kind === 'published') ||
      (e.kind === 'world' &&
        (e.event.kind === 'mqtt-published' || e.event.kind === 'mqtt-received')),
  );
  return buildSequence(rows, others);
}

describe('the sequence diagram', () => {
  it('has lanes client ⇄ gateway ⇄ broker ⇄ MQTT client', () => {
    expect(scene().lanes.map((l) => l.id)).toEqual([
      'coap:c1',
      GATEWAY_LANE,
      BROKER_LANE,
      'mqtt:m1',
    ]);
  });

  it('draws a lost request, its retransmission, the reply and the publish in journal order', () => {
    const { arrows } = scene();
    expect(arrows.map((a) => [a.from, a.to, a.kind])).toEqual([
      ['coap:c1', GATEWAY_LANE, 'request'],
      ['coap:c1', GATEWAY_LANE, 'request'],
      [GATEWAY_LANE, BROKER_LANE, 'publish'],
      [GATEWAY_LANE, 'coap:c1', 'response'],
      [BROKER_LANE, 'mqtt:m1', 'deliver'],
    ]);
    expect(arrows[0].lost).toBe(true);
    expect(arrows[0].title).toContain('lost on the way');
    expect(arrows[1].retransmission).toBe(1);
    expect(arrows[1].label).toBe('CON POST /ps/t');
    expect(arrows[2].label).toBe('PUBLISH t q1');
    expect(arrows[3].label).toBe('ACK 2.04');
    expect(arrows.filter((a) => a.datagram).map((a) => a.seq)).toEqual(
      [...arrows]
        .filter((a) => a.datagram)
        .map((a) => a.seq)
        .sort((x, y) => x - y),
    );
  });
});

/** A world's journal through the packet index into the diagram, as the view builds it. */
function diagramOf(world: World) {
  const entries = world.journal.since(1);
  const index = new PacketIndex(1000);
  index.ingest(entries);
  const rows: PacketRow[] = [];
  for (let i = 0; i < index.rows.length; i++) rows.push(index.rows.at(i) as PacketRow);
  return buildSequence(rows, entries.filter(isSequenceEvent));
}

describe('the sequence diagram of a lossy link', () => {
  it('draws five lost transmissions, four of them retransmissions, then the client giving up', () => {
    const world = new World({ seed: 5, config: { heartbeat: 3600 } });
    world.addCoapClient('c1');
    world.setLink('c1', { loss: 1, delay: 0, duplicate: 0 });
    world.request('c1', { method: 'POST', confirmable: true, path: 'ps/t' });
    world.advance(200_000);
    const { arrows } = diagramOf(world);
    expect(arrows.map((a) => [a.kind, a.lost, a.retransmission ?? 0])).toEqual([
      ['request', true, 0],
      ['request', true, 1],
      ['request', true, 2],
      ['request', true, 3],
      ['request', true, 4],
      ['gave-up', false, 0],
    ]);
    const gaveUp = arrows[5];
    expect([gaveUp.from, gaveUp.to]).toEqual(['coap:c1', 'coap:c1']);
    expect(gaveUp.title).toContain('MAX_RETRANSMIT');
  });

  it('draws the gateway giving up on a CON notification nobody acknowledges', () => {
    const world = new World({ seed: 6, config: { heartbeat: 3600 } });
    world.addCoapClient('obs');
    world.addMqttClient('app');
    world.request('obs', {
      method: 'GET',
      confirmable: true,
      path: 'ps/t',
      observe: 0,
      token: Uint8Array.of(1, 2),
    });
    world.advance(100);
    world.setLink('obs', { loss: 1, delay: 0, duplicate: 0 });
    world.mqttPublish('app', { topic: 't', payload: 'x', qos: 1 });
    world.advance(200_000);
    const { arrows } = diagramOf(world);
    const notes = arrows.filter((a) => a.kind === 'notification');
    expect(notes.map((a) => [a.lost, a.retransmission ?? 0])).toEqual([
      [true, 0],
      [true, 1],
      [true, 2],
      [true, 3],
      [true, 4],
    ]);
    const gaveUp = arrows.filter((a) => a.kind === 'gave-up');
    expect(gaveUp.map((a) => [a.from, a.to])).toEqual([[GATEWAY_LANE, GATEWAY_LANE]]);
    expect(gaveUp[0].title).toContain('after 5 transmissions');
  });

  it('marks the duplicate the gateway detected on a duplicating link', () => {
    const world = new World({ seed: 7 });
    world.addCoapClient('c1');
    world.setLink('c1', { loss: 0, delay: 5, duplicate: 1 });
    world.request('c1', { method: 'POST', confirmable: true, path: 'ps/t' });
    world.advance(1000);
    const { arrows } = diagramOf(world);
    expect(arrows[0].duplicated).toBe(true);
    const dup = arrows.filter((a) => a.kind === 'duplicate');
    expect(dup.length).toBeGreaterThanOrEqual(1);
    expect(dup[0].from).toBe(GATEWAY_LANE);
    expect(dup[0].title).toContain('resent its cached reply');
  });
});

/** c1 publishes `n` CON messages to t, one a second; m1, subscribed to t, receives each. */
function publishes(n: number) {
  const world = new World({ seed: 9 });
  world.addCoapClient('c1');
  world.addMqttClient('m1');
  world.mqttSubscribe('m1', 't', { qos: 0, nl: false, rap: false, rh: 0 });
  for (let i = 0; i < n; i++) {
    world.request('c1', {
      method: 'POST',
      confirmable: true,
      path: 'ps/t',
      payload: Uint8Array.of(0x30 + i),
    });
    world.advance(world.now + 1000);
  }
  const journal = world.journal.since(1);
  const index = new PacketIndex(1000);
  index.ingest(journal);
  return { rows: index.rows, journal };
}

describe('the diagram of the newest datagrams', () => {
  it('draws the last N datagrams and only what happened from the first of them on', () => {
    const { rows, journal } = publishes(3);
    // Each publish: its request and ACK, the gateway's publish (QoS 1: a CON), m1 receiving it.
    expect(latestSequence(rows, journal).arrows).toHaveLength(3 * 4);
    const last = latestSequence(rows, journal, 2);
    expect(last.arrows.map((a) => [a.kind, a.label])).toEqual([
      ['request', 'CON POST /ps/t'],
      ['publish', 'PUBLISH t q1'],
      ['response', 'ACK 2.04'],
      ['deliver', 't q0'],
    ]);
    expect(last.arrows.filter((a) => a.datagram).map((a) => a.seq)).toEqual(
      [rows.length - 2, rows.length - 1].map((i) => rows.at(i)?.entry.seq),
    );
  });

  it('draws what the whole journal holds when it is shorter than the limits', () => {
    const { rows, journal } = publishes(2);
    const all: PacketRow[] = [];
    for (let i = 0; i < rows.length; i++) all.push(rows.at(i) as PacketRow);
    expect(latestSequence(rows, journal)).toEqual(
      buildSequence(all, journal.filter(isSequenceEvent)),
    );
  });

  it('looks at most the scan limit of entries back for what the datagrams caused', () => {
    const { rows, journal } = publishes(3);
    const lastEntries = journal.length - journal.findIndex((e) => e.seq === rows.at(0)?.entry.seq);
    const full = latestSequence(rows, journal, 200, lastEntries);
    const cut = latestSequence(rows, journal, 200, 4);
    // Every datagram is still drawn; only the events among the last four entries are.
    expect(cut.arrows.filter((a) => a.datagram)).toHaveLength(6);
    expect(cut.arrows.filter((a) => !a.datagram).length).toBeLessThan(
      full.arrows.filter((a) => !a.datagram).length,
    );
    const fourthLast = journal[journal.length - 4].seq;
    expect(cut.arrows.filter((a) => !a.datagram).every((a) => a.seq >= fourthLast)).toBe(true);
  });

  it('draws nothing, the gateway alone, before the first datagram', () => {
    const world = new World({ seed: 1 });
    world.addMqttClient('m1');
    const journal = world.journal.since(1);
    expect(latestSequence(new PacketIndex(10).rows, journal)).toEqual({
      lanes: [{ id: GATEWAY_LANE, label: 'Gateway', kind: 'gateway' }],
      arrows: [],
    });
  });
});
