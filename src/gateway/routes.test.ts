// docs/gateway-behaviour.md §1.2: every row of the URI layout and methods table, in connectionless mode (no token
// checks in the way), and the notes under it.
import { describe, expect, it } from 'vitest';
import { Harness } from './testing/harness';

const fresh = () => new Harness().client();

describe('§1.2 routes and methods', () => {
  it('POST mqtt/connection opens a connection: 2.01 with the token', () => {
    const r = fresh().post('mqtt/connection?clientid=c1');
    expect(r?.code).toBe('2.01');
    expect(r?.text).toMatch(/^\d+$/);
  });

  it('PUT mqtt/connection is a heartbeat: 2.04 with an empty payload', () => {
    const r = fresh().put('mqtt/connection');
    expect([r?.code, r?.text]).toEqual(['2.04', '']);
  });

  it('DELETE mqtt/connection closes: 2.02 with an empty payload and the channel shuts down', () => {
    const h = new Harness();
    const r = h.client().delete('mqtt/connection');
    expect([r?.code, r?.text]).toEqual(['2.02', '']);
    expect(h.gateway.liveChannels()).toHaveLength(0);
  });

  it('GET mqtt/connection is not allowed: 4.05 with an empty payload', () => {
    const r = fresh().get('mqtt/connection');
    expect([r?.code, r?.text]).toEqual(['4.05', '']);
  });

  it('anything else under mqtt/ is a bad request: 4.00 with an empty payload', () => {
    for (const path of ['mqtt/other', 'mqtt', 'mqtt/connection/extra']) {
      const r = fresh().post(path);
      expect([path, r?.code, r?.text]).toEqual([path, '4.00', '']);
    }
  });

  it('ps with no topic: 4.00 "invalid topic"', () => {
    const r = fresh().post('ps');
    expect([r?.code, r?.text]).toEqual(['4.00', 'invalid topic']);
  });

  it('POST ps/{topic} publishes: 2.04 with an empty payload, whether or not anyone subscribed', () => {
    const r = fresh().post('ps/a/b', { payload: 'x' });
    expect([r?.code, r?.text]).toEqual(['2.04', '']);
  });

  it('GET ps/{topic} with Observe=0 subscribes: 2.05, empty payload, an Observe option', () => {
    const r = fresh().get('ps/a/b', { observe: 0 });
    expect([r?.code, r?.text]).toEqual(['2.05', '']);
    expect(r?.observe).toBeTypeOf('number');
  });

  it('GET ps/{topic} with Observe=1 unsubscribes: 2.07 with an empty payload', () => {
    const r = fresh().get('ps/a/b', { observe: 1 });
    expect([r?.code, r?.text]).toEqual(['2.07', '']);
  });

  it('GET ps/{topic} without Observe, or with Observe 2: 4.00 "invalid observe value"', () => {
    expect(fresh().get('ps/a')?.text).toBe('invalid observe value');
    const r = fresh().get('ps/a', { observe: 2 });
    expect([r?.code, r?.text]).toEqual(['4.00', 'invalid observe value']);
  });

  it('PUT and DELETE on ps/{topic}: 4.05 with an empty payload', () => {
    expect(fresh().put('ps/a')?.code).toBe('4.05');
    expect(fresh().delete('ps/a')?.code).toBe('4.05');
  });

  it('a path starting with neither ps nor mqtt: 4.00 with an empty payload', () => {
    const r = fresh().get('other/x');
    expect([r?.code, r?.text]).toEqual(['4.00', '']);
    expect(fresh().post('')?.code).toBe('4.00');
  });

  it('a subscribe with an empty token: 4.00 "observe without token"', () => {
    const r = fresh().get('ps/a', { observe: 0, token: new Uint8Array(0) });
    expect([r?.code, r?.text]).toEqual(['4.00', 'observe without token']);
  });

  it('an authorization deny on publish or subscribe: 4.01 with an empty payload, checked on the unmounted topic', () => {
    const h = new Harness({ deny: [{ action: 'publish', topic: 'secret/#' }], mountpoint: 'm/' });
    const c = h.client();
    expect(c.post('ps/secret/x', { payload: 'p' })).toMatchObject({ code: '4.01', text: '' });
    expect(c.get('ps/secret/x', { observe: 0 })?.code).toBe('2.05');
    expect(c.post('ps/open/x', { payload: 'p' })?.code).toBe('2.04');
  });

  it('ps//abc publishes to the topic /abc', () => {
    const h = new Harness();
    const c = h.client();
    c.get('ps/+/abc', { observe: 0, token: 'tk' });
    c.post('ps//abc', { payload: 'x' });
    expect(h.eventsOf('published')[0].topic).toBe('/abc');
    expect(c.notifications()).toHaveLength(1);
  });

  it('a percent-encoded # in the path is the wildcard: ps/a/%23 observes a/#', () => {
    const h = new Harness();
    const c = h.client();
    expect(c.get('ps/a/%23', { observe: 0, token: 'tk' })?.code).toBe('2.05');
    h.client().post('ps/a/b/c', { payload: 'deep' });
    expect(c.notifications().map((n) => n.text)).toEqual(['deep']);
  });

  it('a CON request gets an ACK with the same Message ID and token', () => {
    const c = fresh();
    const r = c.post('ps/a', { messageId: 0x4242, token: 'abc' });
    expect(r?.message).toMatchObject({ type: 'ACK', messageId: 0x4242 });
    expect(new TextDecoder().decode(r?.message.token)).toBe('abc');
  });

  it('a NON request gets a NON response that reuses the request’s Message ID (a quirk)', () => {
    const r = fresh().post('ps/a', { type: 'NON', messageId: 0x4343 });
    expect(r?.message).toMatchObject({ type: 'NON', messageId: 0x4343, code: 0x44 });
  });

  it('responses carry no Content-Format option', () => {
    const r = fresh().post('mqtt/connection?clientid=x');
    expect(r?.message.options.filter((o) => o.number === 12)).toHaveLength(0);
  });

  it('publishing to a wildcard name publishes that literal name: a/+ reaches a/+ and # observers, not a/b', () => {
    const h = new Harness();
    const plus = h.client(1);
    const all = h.client(2);
    const exact = h.client(3);
    plus.get('ps/a/+', { observe: 0, token: 't' });
    all.get('ps/%23', { observe: 0, token: 't' });
    exact.get('ps/a/b', { observe: 0, token: 't' });
    expect(h.client(4).post('ps/a/+', { payload: 'w' })?.code).toBe('2.04');
    expect([
      plus.notifications().length,
      all.notifications().length,
      exact.notifications().length,
    ]).toEqual([1, 1, 0]);
  });
});
