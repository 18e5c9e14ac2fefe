// Every example command of the seed document (docs/gateway-behaviour.md §4), translated into the datagrams
// libcoap's coap-client sends, against the gateway with its defaults (plus connection mode where
// the document says so). With the defaults, each succeeds as the document shows, except where
// the reference answers differently (gateway-behaviour §4), which the tests pin down.
import { describe, expect, it } from 'vitest';
import { Harness } from './testing/harness';

const AUTH = { type: 'users' as const, users: [{ username: 'admin', password: 'public' }] };

describe('seed document, connection mode', () => {
  const setup = () => {
    const h = new Harness({ connection_required: true, authentication: AUTH });
    const c = h.client(40001);
    const connect = c.post('mqtt/connection?clientid=123&username=admin&password=public');
    return { h, c, token: connect?.text ?? '', connect };
  };

  it('create connection: 2.01 with a decimal token as payload', () => {
    const { connect, token } = setup();
    expect(connect?.code).toBe('2.01');
    expect(token).toMatch(/^[1-9]\d{0,9}$/);
    expect(Number(token)).toBeLessThanOrEqual(4294967295);
  });

  it('disconnect: DELETE answers 2.02 Deleted (the document says 2.01) and the session ends', () => {
    const { h, c, token } = setup();
    expect(c.delete(`mqtt/connection?clientid=123&token=${token}`)?.code).toBe('2.02');
    expect(h.eventsOf('channel-closed')[0]).toMatchObject({ clientId: '123', reason: 'deleted' });
    expect(h.gateway.registered('123')).toBeUndefined();
  });

  it('heartbeat: PUT answers 2.04 Changed (the document says 2.01) with an empty payload', () => {
    const { c, token } = setup();
    const r = c.put(`mqtt/connection?clientid=123&token=${token}`);
    expect(r?.code).toBe('2.04');
    expect(r?.text).toBe('');
  });

  it('publish with clientid and token: 2.04', () => {
    const { c, token } = setup();
    expect(
      c.post(`ps/coap/test?clientid=123&token=${token}`, { payload: 'Hi, this is libcoap' })?.code,
    ).toBe('2.04');
  });

  it('subscribe with -s 60 -O 6,0x00 -T obstoken: 2.05 with Observe, then notifications under token obstokeo', () => {
    const { h, c, token } = setup();
    const sub = c.get(`ps/coap/test?clientid=123&token=${token}`, {
      observe: 0,
      token: 'obstokeo',
    });
    expect(sub?.code).toBe('2.05');
    expect(sub?.text).toBe('');
    expect(sub?.observe).toBeTypeOf('number');
    const publisher = h.client(40002);
    const t2 = publisher.post('mqtt/connection?clientid=124&username=admin&password=public')?.text;
    const pub = publisher.post(`ps/coap/test?clientid=124&token=${t2}`, {
      payload: 'Hi, this is libcoap',
    });
    expect(pub?.code).toBe('2.04');
    const [n] = c.notifications();
    expect(n.code).toBe('2.05');
    expect(n.text).toBe('Hi, this is libcoap');
    expect(new TextDecoder().decode(n.message.token)).toBe('obstokeo');
    expect(n.observe).toBeGreaterThan(sub?.observe ?? 0);
  });

  it('unsubscribe with -O 6,0x01: 2.07 and no more notifications', () => {
    const { h, c, token } = setup();
    c.get(`ps/coap/test?clientid=123&token=${token}`, { observe: 0, token: 'obstokeo' });
    expect(h.broker.subscriptions()).toHaveLength(1);
    const r = c.get(`ps/coap/test?clientid=123&token=${token}`, { observe: 1 });
    expect(r?.code).toBe('2.07');
    expect(h.broker.subscriptions()).toHaveLength(0);
    c.post(`ps/coap/test?clientid=123&token=${token}`, { payload: 'after' });
    expect(c.notifications()).toHaveLength(0);
  });

  it('short parameter names: c=123&t=<token> work like clientid and token', () => {
    const { c, token } = setup();
    expect(c.put(`mqtt/connection?c=123&t=${token}`)?.code).toBe('2.04');
    expect(c.post(`ps/coap/test?c=123&t=${token}&q=1&r=true`, { payload: 'x' })?.code).toBe('2.04');
  });

  it('login failure answers 4.00 Login Failed: not_authorized (the document says 4.01)', () => {
    const h = new Harness({ connection_required: true, authentication: AUTH });
    const r = h.client().post('mqtt/connection?clientid=123&username=admin&password=wrong');
    expect(r?.code).toBe('4.00');
    expect(r?.text).toBe('Login Failed: not_authorized');
  });
});

describe('seed document, connectionless mode (the default)', () => {
  it('publish to coap/test: 2.04', () => {
    const h = new Harness();
    expect(h.client().post('ps/coap/test', { payload: 'Hi, this is libcoap' })?.code).toBe('2.04');
  });

  it('subscribe and receive a publish from another client', () => {
    const h = new Harness();
    const sub = h.client(41000);
    expect(sub.get('ps/coap/test', { observe: 0, token: 'obstokeo' })?.code).toBe('2.05');
    h.client(41001).post('ps/coap/test', { payload: 'hello', type: 'NON' });
    const [n] = sub.notifications();
    expect(n.text).toBe('hello');
    expect(n.message.type).toBe('NON');
  });
});
