// A channel's story is what the world saw happen to it, each item naming the datagram it came of:
// the page links each line of the timeline to that packet.
import { describe, expect, it } from 'vitest';
import { buildRequest, encode, encodeString } from '../coap';
import type { RequestSpec } from '../coap';
import type { JournalEntry } from './journal';
import { World } from './world';
import { renderMsg } from '../ui/i18n/msg';

type Datagram = Extract<JournalEntry, { kind: 'datagram' }>;

const datagrams = (w: World): Datagram[] =>
  w.journal.since(0).filter((e): e is Datagram => e.kind === 'datagram');

/** The journal entry of the datagram with journal seq `seq`. */
const packet = (w: World, seq: number | undefined): Datagram | undefined =>
  datagrams(w).find((d) => d.seq === seq);

let mid = 1;
function external(w: World, port: number, spec: Omit<RequestSpec, 'confirmable'>): void {
  const built = buildRequest({ confirmable: true, ...spec }, mid++, new Uint8Array([mid & 0xff]));
  if (!built.ok) throw new Error(built.error);
  w.receiveExternal(encode(built.message), { address: '127.0.0.1', port });
}

function connect(w: World, client: string, clientId: string): string {
  w.request(client, {
    method: 'POST',
    confirmable: true,
    path: `mqtt/connection?clientid=${clientId}`,
  });
  w.advance(w.now + 10);
  const token = w.gateway.registered(clientId)?.token;
  if (!token) throw new Error('not connected');
  return token;
}

describe("a channel's story", () => {
  it('opens, issues a token (linked to the 2.01 that carries it) and names each keep-alive reset by its datagram', () => {
    const w = new World({ seed: 1, config: { connection_required: true } });
    w.addCoapClient('dev');
    const token = connect(w, 'dev', 'dev');
    const ch = w.gateway.registered('dev');
    const [opened, connected] = w.story(ch!.id)!.items;
    expect(opened.kind).toBe('opened');
    expect(renderMsg(opened.text)).toContain('connection mode');
    expect(packet(w, opened.packet)?.summary.path).toBe('/mqtt/connection?clientid=dev');
    expect(connected.kind).toBe('connected');
    expect(renderMsg(connected.text)).toBe(`Connected as dev: token ${token} issued`);
    const reply = packet(w, connected.packet);
    expect(reply?.summary.code).toBe('2.01 Created');
    expect(reply?.payloadText).toBe(token);

    // A heartbeat at 20 s: the check at 30 s resets keep-alive, naming that PUT.
    w.advance(20_000);
    w.request('dev', {
      method: 'PUT',
      confirmable: true,
      path: `mqtt/connection?clientid=dev&token=${token}`,
    });
    w.advance(31_000);
    const resets = w.story(ch!.id)!.items.filter((i) => i.kind === 'keepalive');
    const last = resets.at(-1)!;
    expect(packet(w, last.packet)?.summary).toMatchObject({ code: '0.03 PUT' });
    expect(renderMsg(last.text)).toContain('PUT /mqtt/connection?clientid=dev');
    expect(last.expiresBy).toBeGreaterThan(w.now);
  });

  it('ends with the expiry, linked to the last datagram it heard', () => {
    const w = new World({ seed: 2, config: { connection_required: true } });
    w.addCoapClient('dev');
    connect(w, 'dev', 'dev');
    const id = w.gateway.registered('dev')!.id;
    w.advance(120_000);
    expect(w.gateway.registered('dev')).toBeUndefined();
    const story = w.story(id)!;
    const closed = story.items.at(-1)!;
    expect(closed).toMatchObject({ kind: 'closed', reason: 'keepalive-timeout' });
    expect(renderMsg(closed.text)).toMatch(/^Expired: no datagram for/);
    // The connect was the last datagram it heard.
    expect(packet(w, closed.packet)?.summary.path).toBe('/mqtt/connection?clientid=dev');
    expect(renderMsg(closed.detail)).toContain(
      'The last datagram it heard: CON POST /mqtt/connection',
    );
    // The closed list carries the same story.
    expect(w.closed[0].story).toBe(story);
  });

  it('ends with a disconnect, linked to the DELETE that caused it', () => {
    const w = new World({ seed: 3, config: { connection_required: true } });
    w.addCoapClient('dev');
    const token = connect(w, 'dev', 'dev');
    const id = w.gateway.registered('dev')!.id;
    w.request('dev', {
      method: 'DELETE',
      confirmable: true,
      path: `mqtt/connection?clientid=dev&token=${token}`,
    });
    w.advance(w.now + 10);
    const closed = w.story(id)!.items.at(-1)!;
    expect(closed).toMatchObject({ kind: 'closed', reason: 'deleted' });
    expect(packet(w, closed.packet)?.summary.code).toBe('0.04 DELETE');
  });

  it('tells a peer move (old → new address, why) and what it means for the notifications', () => {
    const w = new World({ seed: 4, config: { connection_required: true } });
    // Terminal 1: connect and observe as 123 from port 40001.
    external(w, 40001, { method: 'POST', path: 'mqtt/connection?clientid=123' });
    const token = w.gateway.registered('123')!.token!;
    external(w, 40001, {
      method: 'GET',
      path: `ps/coap/test?clientid=123&token=${token}`,
      observe: 0,
    });
    // Terminal 2: publish with the same clientid from another port.
    external(w, 40002, {
      method: 'POST',
      path: `ps/coap/test?clientid=123&token=${token}`,
      payload: encodeString('hi'),
    });
    const id = w.gateway.registered('123')!.id;
    const moved = w.story(id)!.items.find((i) => i.kind === 'peer-moved')!;
    expect(renderMsg(moved.text)).toBe('Peer moved: 127.0.0.1:40001 → 127.0.0.1:40002');
    expect(renderMsg(moved.detail)).toContain("follows a clientid's newest address");
    expect(renderMsg(moved.detail)).toContain(
      'Notifications for coap/test now go to 127.0.0.1:40002: 127.0.0.1:40001 hears no more of them.',
    );
    const cause = packet(w, moved.packet);
    expect(cause?.from.port).toBe(40002);
    expect(cause?.summary.code).toBe('0.02 POST');
  });

  it('stays short: past STORY_MAX items the oldest keep-alive resets go, the opening stays', () => {
    const w = new World({ seed: 5 });
    w.addCoapClient('dev');
    for (let i = 0; i < 60; i++) {
      w.request('dev', {
        method: 'POST',
        confirmable: false,
        path: 'ps/t',
        payload: encodeString('x'),
      });
      w.advance(w.now + 15_000);
    }
    const ch = w.gateway.liveChannels()[0];
    const story = w.story(ch.id)!;
    expect(story.items.length).toBe(24);
    expect(story.items[0].kind).toBe('opened');
    expect(story.omitted).toBeGreaterThan(30);
  });
});
