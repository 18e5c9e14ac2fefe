// docs/gateway-behaviour.md §1.11: the message layer of the reference (emqx_coap_tm, emqx_coap_transport): duplicate
// detection per channel by Message ID, the cached reply resent, and what happens to client
// messages that match no transaction of the gateway.
import { describe, expect, it } from 'vitest';
import { renderMsg } from '../ui/i18n/msg';
import { encode } from '../coap';
import { Broker } from '../broker';
import { SeededRandom } from '../messaging';
import { Gateway } from './gateway';
import { Harness } from './testing/harness';
import type { Endpoint } from './events';

const PEER: Endpoint = { address: '127.0.0.1', port: 46_000 };
const empty = new Uint8Array(0);

describe('§1.11 a duplicate CON request', () => {
  it('gets the cached reply resent byte for byte', () => {
    const gw = new Gateway({ broker: new Broker(), random: new SeededRandom(1) });
    const c = new Harness().client();
    const bytes = encode(
      c.build('POST', 'mqtt/connection?clientid=d1', { messageId: 0x0a0a, token: 'tk' }),
    );
    const first = gw.receive(bytes, PEER, 1000).datagrams;
    const again = gw.receive(bytes, PEER, 2000).datagrams;
    expect(first).toHaveLength(1);
    expect(again.map((d) => [...d.bytes])).toEqual(first.map((d) => [...d.bytes]));
    expect(first[0].message.code).toBe(0x41);
  });

  it('gets the cached reply whatever its new content (path, method, token, payload)', () => {
    const h = new Harness();
    const c = h.client(46_001);
    const first = c.post('ps/a', { messageId: 500, token: 'one', payload: 'x' });
    const dup = c.delete('mqtt/connection', { messageId: 500, token: 'two' });
    expect(first?.code).toBe('2.04');
    expect(dup?.code).toBe('2.04');
    expect(dup?.message.token).toEqual(first?.message.token);
    // The DELETE was not processed: the channel is still there.
    expect(h.gateway.liveChannels()).toHaveLength(1);
    expect(h.eventsOf('duplicate')).toEqual([
      expect.objectContaining({ messageId: 500, replayed: true }),
    ]);
  });

  it('is not processed twice: one publish reaches the broker once', () => {
    const h = new Harness();
    const mqtt = { id: 'mqtt:m1', clientId: 'm1', kind: 'mqtt' as const };
    h.broker.subscribe(mqtt, 't', { qos: 1, nl: false, rh: 0, rap: false }, h.now);
    const c = h.client(46_002);
    for (let i = 0; i < 3; i++)
      expect(c.post('ps/t', { messageId: 600, payload: 'once' })?.code).toBe('2.04');
    expect(h.eventsOf('published')).toHaveLength(1);
    expect(h.mqttDeliveries).toHaveLength(1);
  });

  it('a duplicate subscribe does not add a second observation', () => {
    const h = new Harness();
    const c = h.client(46_003);
    c.get('ps/t', { observe: 0, token: 'ob', messageId: 700 });
    c.get('ps/t', { observe: 0, token: 'ob', messageId: 700 });
    expect(h.eventsOf('observe-added')).toHaveLength(1);
    expect(h.eventsOf('observe-kept')).toHaveLength(0);
    h.client(46_004).post('ps/t', { type: 'NON', payload: 'n' });
    expect(c.notifications()).toHaveLength(1);
  });

  it('is remembered for 247 s (EXCHANGE_LIFETIME), then the same Message ID is a new request', () => {
    const h = new Harness({ heartbeat: 600 });
    const c = h.client(46_005);
    c.post('ps/t', { messageId: 800 });
    h.advance(246_999);
    c.post('ps/t', { messageId: 800 });
    expect(h.eventsOf('published')).toHaveLength(1);
    h.advance(1);
    expect(c.post('ps/t', { messageId: 800 })?.code).toBe('2.04');
    expect(h.eventsOf('published')).toHaveLength(2);
  });
});

describe('§1.11 a duplicate NON request', () => {
  it('is ignored silently: no reply, not processed', () => {
    const h = new Harness();
    const c = h.client(46_010);
    expect(c.post('ps/t', { type: 'NON', messageId: 900 })?.code).toBe('2.04');
    expect(c.post('ps/t', { type: 'NON', messageId: 900 })).toBeUndefined();
    expect(h.eventsOf('published')).toHaveLength(1);
    expect(h.eventsOf('duplicate')).toEqual([
      expect.objectContaining({ messageId: 900, replayed: false }),
    ]);
  });

  it('is remembered for 145 s (NON_LIFETIME), then the same Message ID is new again', () => {
    const h = new Harness({ heartbeat: 600 });
    const c = h.client(46_011);
    c.post('ps/t', { type: 'NON', messageId: 901 });
    h.advance(144_999);
    expect(c.post('ps/t', { type: 'NON', messageId: 901 })).toBeUndefined();
    h.advance(1);
    expect(c.post('ps/t', { type: 'NON', messageId: 901 })?.code).toBe('2.04');
    expect(h.eventsOf('published')).toHaveLength(2);
  });
});

describe('§1.11 dedup is per channel', () => {
  it('the same Message ID from another port is another channel and a new request (connectionless)', () => {
    const h = new Harness();
    const a = h.client(46_020);
    const b = h.client(46_021);
    expect(a.post('ps/t', { messageId: 1000, payload: 'a' })?.code).toBe('2.04');
    expect(b.post('ps/t', { messageId: 1000, payload: 'b' })?.code).toBe('2.04');
    expect(h.eventsOf('published')).toHaveLength(2);
    expect(h.gateway.liveChannels()).toHaveLength(2);
  });

  it('the same Message ID after the channel closed is new on the new channel', () => {
    const h = new Harness();
    const c = h.client(46_022);
    c.delete('mqtt/connection', { messageId: 1001 });
    expect(h.gateway.liveChannels()).toHaveLength(0);
    expect(c.post('ps/t', { messageId: 1001 })?.code).toBe('2.04');
  });
});

describe('§1.11 client messages that match no transaction', () => {
  it('an empty ACK is ignored', () => {
    const h = new Harness();
    const c = h.client(46_030);
    c.post('ps/t');
    expect(c.answer('ACK', 0x7777)).toEqual([]);
    expect(h.eventsOf('ignored').at(-1)?.why).toMatchObject({
      id: 'gateway:ignored.not-in-flight',
    });
    expect(renderMsg(h.eventsOf('ignored').at(-1)?.why)).toMatch(/not in flight/);
  });

  it('an empty RST is ignored', () => {
    const h = new Harness();
    const c = h.client(46_031);
    expect(c.answer('RST', 0x7778)).toEqual([]);
  });

  it('a CON response (2.05) gets RST with its Message ID', () => {
    const h = new Harness();
    const c = h.client(46_032);
    const out = c.h.raw(
      encode({
        type: 'CON',
        code: 0x45,
        messageId: 0x1111,
        token: Uint8Array.of(9),
        options: [],
        payload: empty,
      }),
      c.endpoint,
    );
    expect(out).toEqual([
      { type: 'RST', code: 0, messageId: 0x1111, token: empty, options: [], payload: empty },
    ]);
  });

  it('a NON response (2.05) gets RST too', () => {
    const h = new Harness();
    const c = h.client(46_033);
    const out = h.raw(
      encode({
        type: 'NON',
        code: 0x45,
        messageId: 0x1112,
        token: Uint8Array.of(9),
        options: [],
        payload: empty,
      }),
      c.endpoint,
    );
    expect(out).toMatchObject([{ type: 'RST', messageId: 0x1112 }]);
  });

  it('an ACK for a notification the client already acknowledged is ignored', () => {
    const h = new Harness({ notify_type: 'con' });
    const sub = h.client(46_034);
    sub.get('ps/t', { observe: 0, token: 'ob' });
    h.client(46_035).post('ps/t', { payload: 'p' });
    const [n] = sub.notifications();
    expect(n.message.type).toBe('CON');
    sub.answer('ACK', n.message.messageId);
    expect(h.eventsOf('acked')).toHaveLength(1);
    expect(sub.answer('ACK', n.message.messageId)).toEqual([]);
    expect(h.eventsOf('acked')).toHaveLength(1);
  });
});
