/* eslint-disable @typescript-eslint/no-restricted-imports -- the test drives the real world
   headless (as the worker does) so the index is checked against real journal entries. */
import { describe, expect, it } from 'vitest';
import { World } from '../../sim/world';
import { buildRequest, encode } from '../../coap';
import type { RequestSpec } from '../../sim';
import type { GatewayConfig } from '../../gateway';
import { PacketIndex, type PacketRow } from './packet-index';
import { meaningText } from './meaning-text';

/** A row's meaning as the page says it (in English: vitest's setup loads it). */
function said(row: PacketRow): string;
function said(row: PacketRow | undefined): string | undefined;
function said(row: PacketRow | undefined): string | undefined {
  return row ? meaningText(row) : undefined;
}
import { NO_FILTER, PacketView, compileFilter, type PacketFilter } from './log/filters';

const enc = (s: string) => new TextEncoder().encode(s);

/** A world, its index, and a few helpers in the learner's words. */
function setup(config: Partial<GatewayConfig> = {}, capacity = 1000) {
  const world = new World({ seed: 7, config });
  const index = new PacketIndex(capacity);
  let seen = 1;
  const sync = () => {
    const fresh = world.journal.since(seen);
    index.ingest(fresh);
    if (fresh.length) seen = fresh[fresh.length - 1].seq + 1;
  };
  const send = (client: string, spec: RequestSpec) => {
    const r = world.request(client, spec);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    world.advance(world.now + 1);
    sync();
  };
  const rows = (): PacketRow[] => {
    const out: PacketRow[] = [];
    for (let i = 0; i < index.rows.length; i++) out.push(index.rows.at(i) as PacketRow);
    return out;
  };
  const last = () => index.rows.at(index.rows.length - 1) as PacketRow;
  return { world, index, sync, send, rows, last };
}

describe('the packet index', () => {
  it('pairs a connect with its reply: "connect as 123 → token issued"', () => {
    const t = setup();
    t.world.addCoapClient('c1');
    t.send('c1', { method: 'POST', confirmable: true, path: 'mqtt/connection?clientid=123' });
    const [request, reply] = t.rows();
    expect(request.peer).toBe('c1');
    expect(said(request)).toBe('connect as 123 → token issued');
    expect(request.responseSeq).toBe(reply.entry.seq);
    expect(reply.peer).toBe('c1');
    expect(reply.requestSeq).toBe(request.entry.seq);
    expect(said(reply)).toMatch(/^connected as 123: token \d+ issued$/);
    expect(reply.payloadText).toMatch(/^\d+$/);
    expect(reply.codeClass).toBe('success');
    expect(reply.notes).toEqual([]);
  });

  it('notes the document’s 2.01 on heartbeat and disconnect replies', () => {
    const t = setup({ connection_required: true });
    t.world.addCoapClient('c1');
    t.send('c1', { method: 'POST', confirmable: true, path: 'mqtt/connection?clientid=123' });
    const token = t.last().payloadText;
    t.send('c1', {
      method: 'PUT',
      confirmable: true,
      path: `mqtt/connection?clientid=123&token=${token}`,
    });
    expect(said(t.last())).toBe('heartbeat accepted');
    expect(t.last().notes.map((n) => n.id)).toEqual(['heartbeat-2.04', 'heartbeat-expiry']);
    t.send('c1', {
      method: 'DELETE',
      confirmable: true,
      path: `mqtt/connection?clientid=123&token=${token}`,
    });
    expect(said(t.last())).toBe('disconnected: the channel closes');
    expect(t.last().notes.map((n) => n.id)).toEqual(['delete-2.02']);
  });

  it('reads a failed login (4.00, not 4.01)', () => {
    const t = setup({
      authentication: { type: 'users', users: [{ username: 'a', password: 'b' }] },
    });
    t.world.addCoapClient('c1');
    t.send('c1', {
      method: 'POST',
      confirmable: true,
      path: 'mqtt/connection?clientid=1&username=a&password=wrong',
    });
    const [request, reply] = t.rows();
    expect(said(request)).toBe('connect as 1 → login failed');
    expect(said(reply)).toMatch(/^login failed: /);
    expect(reply.notes.map((n) => n.id)).toEqual(['login-4.00']);
  });

  it('explains a notification’s type by the publisher’s QoS and pairs the client’s ACK', () => {
    const t = setup();
    t.world.addCoapClient('obs');
    t.world.addCoapClient('pub');
    // A NON subscribe gets subscription QoS 0 (subscribe_qos=coap) …
    t.send('obs', { method: 'GET', confirmable: false, path: 'ps/coap/test', observe: 0 });
    expect(said(t.rows()[0])).toBe('subscribe to coap/test → subscribed');
    // … yet a QoS 1 publish arrives as CON.
    t.send('pub', {
      method: 'POST',
      confirmable: true,
      path: 'ps/coap/test?qos=1',
      payload: enc('hi'),
    });
    const rows = t.rows();
    const notification = rows.find((r) => said(r).startsWith('notification'));
    expect(said(notification)).toBe(
      'notification on coap/test (CON because the message was QoS 1)',
    );
    expect(notification?.peer).toBe('obs');
    expect(notification?.notes.map((n) => n.id)).toEqual(['notify-type']);
    const ack = rows.find((r) => said(r).startsWith('ACK for'));
    expect(said(ack)).toBe(
      `ACK for notification ${notification?.entry.summary.messageId} on coap/test`,
    );
    expect(ack?.answersSeq).toBe(notification?.entry.seq);
    const published = rows.find((r) => said(r).startsWith('published'));
    expect(said(published)).toBe('published to coap/test (QoS 1, 1 delivery)');
  });

  it('answers a malformed CON with an RST it explains', () => {
    const t = setup();
    t.world.addCoapClient('c1');
    t.world.sendRaw('c1', Uint8Array.of(0x49, 0x01, 0x00, 0x01));
    t.world.advance(1);
    t.sync();
    const [bad, rst] = t.rows();
    expect(bad.codeClass).toBe('malformed');
    expect(said(bad)).toMatch(/^malformed: /);
    expect(said(rst)).toMatch(/^RST: gateway rejected a malformed CON \(/);
    expect(rst.notes.map((n) => n.id)).toEqual(['rst-malformed']);
  });

  it('marks a lost request and numbers its retransmissions', () => {
    const t = setup();
    t.world.addCoapClient('c1');
    t.world.setLink('c1', { loss: 1, delay: 0, duplicate: 0 });
    t.send('c1', { method: 'POST', confirmable: true, path: 'ps/t' });
    t.world.setLink('c1', { loss: 0, delay: 0, duplicate: 0 });
    t.world.advance(t.world.now + 10_000);
    t.sync();
    const rows = t.rows();
    expect(rows[0].entry.fate).toBe('lost');
    expect(rows[1].retransmission).toBe(1);
    expect(said(rows[1])).toBe('retransmission #1: publish to t (0 B) → published, 0 deliveries');
    expect(rows[2].requestSeq).toBe(rows[1].entry.seq);
  });

  it('recognises the replay of a cached reply to a duplicated request', () => {
    const t = setup();
    t.world.addCoapClient('c1');
    t.world.setLink('c1', { loss: 0, delay: 0, duplicate: 1 });
    t.send('c1', { method: 'POST', confirmable: true, path: 'ps/t' });
    t.world.advance(t.world.now + 10);
    t.sync();
    const rows = t.rows();
    expect(rows[0].entry.fate).toBe('duplicated');
    expect(rows.some((r) => said(r).startsWith('replay of the cached 2.04'))).toBe(true);
  });

  it('finds rows by journal seq and keeps memory bounded by its ring', () => {
    const t = setup({}, 50);
    t.world.addCoapClient('c1');
    for (let i = 0; i < 100; i++)
      t.send('c1', { method: 'POST', confirmable: false, path: 'ps/t', payload: enc(`${i}`) });
    expect(t.index.rows.length).toBe(50);
    const mid = t.index.rows.at(20) as PacketRow;
    expect(t.index.bySeq(mid.entry.seq)).toBe(mid);
    expect(t.index.byOrdinal(mid.ordinal)).toBe(mid);
    expect(t.index.bySeq(1)).toBeUndefined();
  });

  it('links rows by the causes the world recorded, not by guessing from bytes', () => {
    const t = setup();
    t.world.addCoapClient('c1');
    t.send('c1', { method: 'POST', confirmable: true, path: 'mqtt/connection?clientid=1' });
    const [request, reply] = t.rows();
    expect(reply.entry).toMatchObject({ cause: request.entry.seq, causeKind: 'request' });
    expect(reply.entry.step).toBeGreaterThan(request.entry.step);
    // Events of the reply's step name the request as the datagram they came of.
    const events = t.world.journal
      .since(0)
      .filter((e) => e.kind === 'gateway' && e.step === reply.entry.step);
    expect(events.length).toBeGreaterThan(0);
    for (const e of events)
      expect(e).toMatchObject({ cause: request.entry.seq, causeKind: 'datagram' });
  });
});

describe('filters', () => {
  const filter = (patch: Partial<PacketFilter>) => ({ ...NO_FILTER, ...patch });

  it('narrow by text, client, type, code class, empty ACK/RST and loss', () => {
    const t = setup();
    t.world.addCoapClient('a');
    t.world.addCoapClient('b');
    t.send('a', { method: 'POST', confirmable: true, path: 'mqtt/connection?clientid=1' });
    t.send('b', { method: 'GET', confirmable: false, path: 'ps/x', observe: 0 });
    t.send('a', { method: 'POST', confirmable: true, path: 'ps/x?qos=1', payload: enc('1') });
    t.world.setLink('a', { loss: 1, delay: 0, duplicate: 0 });
    t.send('a', { method: 'GET', confirmable: true, path: 'nope' });
    const rows = t.rows();
    const count = (f: Partial<PacketFilter>) => rows.filter(compileFilter(filter(f))).length;
    expect(count({})).toBe(rows.length);
    // b: its subscribe, the reply, the notification and b's ACK of it.
    expect(count({ client: 'b' })).toBe(4);
    expect(count({ type: 'NON' })).toBe(2);
    expect(count({ codeClass: 'request' })).toBe(4);
    expect(count({ codeClass: 'error' })).toBe(0);
    expect(count({ hideEmpty: true })).toBe(rows.length - 1);
    expect(count({ onlyLost: true })).toBe(1);
    expect(count({ text: 'TOKEN ISSUED' })).toBe(1);
    expect(count({ text: '/ps/x' })).toBe(2); // paths are on requests only
  });

  it('a view follows the index incrementally and counts rows dropped from the front', () => {
    const t = setup({}, 20);
    t.world.addCoapClient('c1');
    const view = new PacketView();
    const f = filter({ codeClass: 'request' });
    for (let i = 0; i < 5; i++)
      t.send('c1', { method: 'POST', confirmable: false, path: 'ps/t', payload: enc(`${i}`) });
    view.refresh(t.index, f);
    expect(view.length).toBe(5);
    expect(view.at(0)?.codeClass).toBe('request');
    for (let i = 0; i < 10; i++)
      t.send('c1', { method: 'POST', confirmable: false, path: 'ps/t', payload: enc(`${i}`) });
    view.refresh(t.index, f);
    expect(view.length).toBe(10); // the ring keeps 20 rows: 10 requests and their replies
    expect(view.dropped).toBe(5);
    const row = view.at(3);
    expect(view.indexOf(row)).toBe(3);
    t.send('c1', { method: 'POST', confirmable: false, path: 'ps/t', payload: enc('more') });
    view.refresh(t.index, f);
    // One more left: the same row is a place up.
    expect(view.dropped).toBe(1);
    expect(view.at(2)).toBe(row);
    const all = new PacketView();
    all.refresh(t.index, NO_FILTER);
    expect(all.length).toBe(20);
    expect(all.indexOf(all.at(7))).toBe(7);
  });

  it('lists a real peer (through the relay) in the client filter, and the filter keeps its rows both ways', () => {
    const t = setup();
    t.world.addCoapClient('c1');
    t.send('c1', { method: 'POST', confirmable: true, path: 'ps/t', payload: enc('x') });
    const built = buildRequest({ method: 'POST', confirmable: true, path: 'ps/t' }, 7, enc('tk'));
    if (!built.ok) throw new Error(built.error);
    t.world.receiveExternal(encode(built.message), { address: '127.0.0.1', port: 40001 });
    t.sync();
    expect(t.index.peers()).toEqual(['c1', '127.0.0.1:40001']);
    expect(t.index.isReal('127.0.0.1:40001')).toBe(true);
    expect(t.index.isReal('c1')).toBe(false);
    const view = new PacketView();
    view.refresh(t.index, { ...NO_FILTER, client: '127.0.0.1:40001' });
    const kept = Array.from({ length: view.length }, (_, i) => view.at(i)?.entry);
    expect(kept.map((e) => e?.kind === 'datagram' && e.direction)).toEqual([
      'to-gateway',
      'from-gateway',
    ]);
  });
});
