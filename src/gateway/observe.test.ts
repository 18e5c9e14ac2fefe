// docs/gateway-behaviour.md §1.9 (subscribe) and §1.10 (notifications): CON/NON from the message's QoS, the 24-bit
// Observe sequence, one CON in flight with a FIFO of 100, RST and give-up keeping the observation,
// the first token kept on re-subscribe, no retained messages for observers.
import { describe, expect, it } from 'vitest';
import { Harness } from './testing/harness';
import { NOTIFICATION_QUEUE_MAX } from './gateway';
import { renderMsg } from '../ui/i18n/msg';
import { timeSeq } from './channel';

function observer(config = {}) {
  const h = new Harness(config);
  const sub = h.client(1);
  sub.get('ps/t', { observe: 0, token: 'obs1' });
  const pub = h.client(2);
  return { h, sub, pub };
}

describe('§1.10 notifications', () => {
  it('sends a QoS 0 message as NON and a QoS 1 or 2 message as CON (notify_type=qos)', () => {
    const { sub, pub } = observer();
    pub.post('ps/t?qos=0', { payload: 'a' });
    pub.post('ps/t?qos=2', { payload: 'b' });
    expect(sub.notifications().map((n) => [n.text, n.message.type])).toEqual([
      ['a', 'NON'],
      ['b', 'CON'],
    ]);
  });

  it('follows the published message’s QoS, not the subscription’s: a QoS 0 subscriber still gets CON for QoS 1', () => {
    const h = new Harness();
    const sub = h.client(1);
    sub.get('ps/t?qos=0', { observe: 0, token: 'o' });
    h.client(2).post('ps/t?qos=1', { payload: 'x' });
    expect(sub.notifications()[0].message.type).toBe('CON');
    expect(renderMsg(h.eventsOf('notification')[0].why)).toContain('QoS 1');
  });

  it('uses the default publish_qos=coap: a CON publish is QoS 1 → CON, a NON publish QoS 0 → NON', () => {
    const { sub, pub } = observer();
    pub.post('ps/t', { payload: 'con' });
    sub.answer('ACK', sub.notifications()[0].message.messageId);
    pub.post('ps/t', { payload: 'non', type: 'NON' });
    expect(sub.notifications().map((n) => n.message.type)).toEqual(['CON', 'NON']);
  });

  it('forces the type with notify_type=con or non', () => {
    const con = observer({ notify_type: 'con' });
    con.pub.post('ps/t?qos=0', { payload: 'x' });
    expect(con.sub.notifications()[0].message.type).toBe('CON');
    const non = observer({ notify_type: 'non' });
    non.pub.post('ps/t?qos=2', { payload: 'x' });
    expect(non.sub.notifications()[0].message.type).toBe('NON');
  });

  it('carries only Observe (no Content-Format), code 2.05, the observe token, and the payload unchanged', () => {
    const { sub, pub } = observer();
    const bytes = Uint8Array.of(0, 255, 1, 2);
    pub.post('ps/t?qos=0', { payload: bytes });
    const n = sub.notifications()[0];
    expect(n.code).toBe('2.05');
    expect(n.message.options.map((o) => o.number)).toEqual([6]);
    expect(new TextDecoder().decode(n.message.token)).toBe('obs1');
    expect([...n.message.payload]).toEqual([...bytes]);
  });

  it('stamps a strictly increasing 24-bit Observe value, time-based', () => {
    const { h, sub, pub } = observer();
    for (let i = 0; i < 5; i++) pub.post('ps/t?qos=0', { payload: String(i) });
    const seqs = sub.notifications().map((n) => n.observe ?? -1);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]);
    expect(seqs[0]).toBeGreaterThanOrEqual(timeSeq(h.now));
    for (const s of seqs) expect(s).toBeLessThan(2 ** 24);
  });

  it('keeps one CON in flight per session and queues the rest (NON too) until the ACK', () => {
    const { sub, pub } = observer();
    pub.post('ps/t?qos=1', { payload: 'c1' });
    pub.post('ps/t?qos=1', { payload: 'c2' });
    pub.post('ps/t?qos=0', { payload: 'n3' });
    expect(sub.notifications().map((n) => n.text)).toEqual(['c1']);
    sub.answer('ACK', sub.notifications()[0].message.messageId);
    expect(sub.notifications().map((n) => n.text)).toEqual(['c1', 'c2']);
    sub.answer('ACK', sub.notifications()[1].message.messageId);
    expect(sub.notifications().map((n) => n.text)).toEqual(['c1', 'c2', 'n3']);
  });

  it('drops the oldest queued notification when the queue of 100 is full', () => {
    const { h, sub, pub } = observer();
    pub.post('ps/t?qos=1', { payload: 'inflight' });
    for (let i = 0; i < NOTIFICATION_QUEUE_MAX + 5; i++)
      pub.post('ps/t?qos=0', { payload: `q${i}` });
    expect(
      h.eventsOf('notification-dropped').filter((e) => e.reason === 'queue-full'),
    ).toHaveLength(5);
    sub.answer('ACK', sub.notifications()[0].message.messageId);
    const texts = sub.notifications().map((n) => n.text);
    expect(texts[1]).toBe('q5');
    expect(texts).toHaveLength(1 + NOTIFICATION_QUEUE_MAX);
  });

  it('keeps the observation after an RST and releases the queue (unlike RFC 7641)', () => {
    const { h, sub, pub } = observer();
    pub.post('ps/t?qos=1', { payload: 'a' });
    pub.post('ps/t?qos=1', { payload: 'b' });
    sub.answer('RST', sub.notifications()[0].message.messageId);
    expect(h.eventsOf('reset')[0].kept).toBe(true);
    expect(sub.notifications().map((n) => n.text)).toEqual(['a', 'b']);
    expect(h.broker.subscriptions()).toHaveLength(1);
  });

  it('retransmits an unacknowledged CON 4 times with doubling timeouts, re-stamping Observe, then gives up and keeps the observation', () => {
    // A long heartbeat, so keep-alive does not end the silent subscriber first.
    const { h, sub, pub } = observer({ heartbeat: 300 });
    pub.post('ps/t?qos=1', { payload: 'lost' });
    pub.post('ps/t?qos=0', { payload: 'queued' });
    h.advance(100_000);
    const sent = sub.notifications().filter((n) => n.text === 'lost');
    expect(sent).toHaveLength(5);
    expect(new Set(sent.map((n) => n.message.messageId)).size).toBe(1);
    const obs = sent.map((n) => n.observe ?? 0);
    for (let i = 1; i < obs.length; i++) expect(obs[i]).toBeGreaterThan(obs[i - 1]);
    const retx = h.eventsOf('retransmission');
    expect(retx.map((r) => r.attempt)).toEqual([1, 2, 3, 4]);
    const first = retx[0].nextIn / 2; // the first timeout: 2000 + rand(1..1000)
    expect(first).toBeGreaterThan(2000);
    expect(first).toBeLessThanOrEqual(3000);
    expect(h.eventsOf('gave-up')).toHaveLength(1);
    expect(sub.notifications().at(-1)?.text).toBe('queued');
    expect(h.broker.subscriptions()).toHaveLength(1);
  });

  it('purges queued notifications of a topic on unsubscribe', () => {
    const h = new Harness();
    const sub = h.client(1);
    sub.get('ps/a', { observe: 0, token: 'A' });
    sub.get('ps/b', { observe: 0, token: 'B' });
    const pub = h.client(2);
    pub.post('ps/a?qos=1', { payload: 'a1' });
    pub.post('ps/a?qos=0', { payload: 'a2' });
    pub.post('ps/b?qos=0', { payload: 'b1' });
    sub.get('ps/a', { observe: 1 });
    expect(h.eventsOf('observe-cancelled')[0].purged).toBe(1);
    sub.answer('ACK', sub.notifications()[0].message.messageId);
    expect(sub.notifications().map((n) => n.text)).toEqual(['a1', 'b1']);
  });
});

describe('§1.9 subscribe', () => {
  it('keeps the FIRST token on re-subscribe: the 2.05 echoes the new token, notifications use the old one', () => {
    const { h, sub, pub } = observer();
    const again = sub.get('ps/t', { observe: 0, token: 'obs2' });
    expect(new TextDecoder().decode(again?.message.token)).toBe('obs2');
    expect(h.eventsOf('observe-kept')).toHaveLength(1);
    pub.post('ps/t?qos=0', { payload: 'x' });
    expect(new TextDecoder().decode(sub.notifications()[0].message.token)).toBe('obs1');
  });

  it('does not deliver retained messages to CoAP observers, though CoAP can publish them', () => {
    const h = new Harness();
    h.client(1).post('ps/t?retain=true', { payload: 'kept' });
    expect(h.broker.retained(h.now)).toHaveLength(1);
    const sub = h.client(2);
    sub.get('ps/t', { observe: 0, token: 'x' });
    expect(sub.notifications()).toHaveLength(0);
  });

  it('delivers a CoAP client its own publishes (nl is stored, not enforced)', () => {
    const h = new Harness();
    const c = h.client();
    c.get('ps/t?nl=1', { observe: 0, token: 'me' });
    c.post('ps/t?qos=0', { payload: 'echo' });
    expect(c.notifications().map((n) => n.text)).toEqual(['echo']);
  });

  it('matches wildcard observations and keys them by the mounted filter', () => {
    const h = new Harness({ mountpoint: 'mp/' });
    const c = h.client();
    c.get('ps/room/+/temp', { observe: 0, token: 'w' });
    h.client().post('ps/room/1/temp?qos=0', { payload: '21' });
    expect(c.notifications().map((n) => n.text)).toEqual(['21']);
    expect(h.broker.subscriptions()[0].filter).toBe('mp/room/+/temp');
  });

  it('accepts both encodings of Observe=0: zero-length and one zero byte', () => {
    const h = new Harness();
    const c = h.client();
    const zeroByte = c.build('GET', 'ps/t', { token: 'z' });
    zeroByte.options.push({ number: 6, value: Uint8Array.of(0) });
    expect(c.send(zeroByte)?.code).toBe('2.05');
  });
});
