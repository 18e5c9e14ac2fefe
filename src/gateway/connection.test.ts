// docs/gateway-behaviour.md §1.4 (connection mode) and §1.1 (how a packet finds its channel): every error string.
import { describe, expect, it } from 'vitest';
import { Harness } from './testing/harness';

const MISSING = 'Missing token or clientid in connection mode';
const INVALID = 'Invalid token or clientid in connection mode';

function connected(config = {}) {
  const h = new Harness({ connection_required: true, ...config });
  const c = h.client(50000);
  const token = c.post('mqtt/connection?clientid=dev1')?.text ?? '';
  return { h, c, token };
}

describe('§1.4 connection mode gatekeeping', () => {
  it('lets POST mqtt/connection through without a token', () => {
    const h = new Harness({ connection_required: true });
    expect(h.client().post('mqtt/connection?clientid=a')?.code).toBe('2.01');
  });

  it('answers a request without a token with 4.00 "Missing token or clientid in connection mode"', () => {
    const { c } = connected();
    for (const r of [
      c.put('mqtt/connection?clientid=dev1'),
      c.post('ps/t?clientid=dev1'),
      c.get('nowhere'),
    ]) {
      expect([r?.code, r?.text]).toEqual(['4.00', MISSING]);
    }
  });

  it('answers a token without a clientid with 4.00 "Missing token or clientid…"', () => {
    const { c, token } = connected();
    expect(c.put(`mqtt/connection?token=${token}`)).toMatchObject({ code: '4.00', text: MISSING });
  });

  it('answers the right clientid with a wrong token with 4.01 "Invalid token or clientid in connection mode"', () => {
    const { c } = connected();
    expect(c.put('mqtt/connection?clientid=dev1&token=1')).toMatchObject({
      code: '4.01',
      text: INVALID,
    });
  });

  it('processes a request whose clientid and token match', () => {
    const { c, token } = connected();
    expect(c.post(`ps/t?clientid=dev1&token=${token}`)?.code).toBe('2.04');
  });

  it('answers DELETE with a token on a channel that never connected with 2.02, and that channel stops', () => {
    const h = new Harness({ connection_required: true });
    const c = h.client();
    expect(c.delete('mqtt/connection?clientid=ghost&token=123')?.code).toBe('2.02');
    expect(h.gateway.liveChannels()).toHaveLength(0);
  });

  it('refuses a takeover with an unknown clientid: 4.01 Invalid token…', () => {
    const { c, token } = connected();
    expect(c.put(`mqtt/connection?clientid=other&token=${token}`)).toMatchObject({
      code: '4.01',
      text: INVALID,
    });
  });
});

describe('§1.4 the connect pipeline', () => {
  it('fails without a clientid: 4.00 "Login Failed: clientid is required" and the channel shuts down', () => {
    const h = new Harness({ connection_required: true });
    const r = h.client().post('mqtt/connection?username=u');
    expect([r?.code, r?.text]).toEqual(['4.00', 'Login Failed: clientid is required']);
    expect(h.eventsOf('channel-closed')[0]).toMatchObject({ reason: 'login-failed' });
  });

  it('fails authentication with 4.00 (not 4.01) "Login Failed: not_authorized"', () => {
    const h = new Harness({
      connection_required: true,
      authentication: { type: 'users', users: [{ username: 'u', password: 'p' }] },
    });
    const c = h.client();
    expect(c.post('mqtt/connection?clientid=a&username=u&password=x')).toMatchObject({
      code: '4.00',
      text: 'Login Failed: not_authorized',
    });
    expect(c.post('mqtt/connection?clientid=a')).toMatchObject({
      code: '4.00',
      text: 'Login Failed: not_authorized',
    });
    expect(c.post('mqtt/connection?clientid=a&u=u&p=p')?.code).toBe('2.01');
  });

  it('issues a new random token on every successful connect', () => {
    const h = new Harness({ connection_required: true });
    const t1 = h.client(1).post('mqtt/connection?clientid=a')?.text;
    h.client(1).delete(`mqtt/connection?clientid=a&token=${t1}`);
    const t2 = h.client(2).post('mqtt/connection?clientid=a')?.text;
    expect(t1).not.toBe(t2);
  });

  it('answers a second POST on a connected channel with the exact 4.00 reasons', () => {
    const { c } = connected();
    expect(c.post('mqtt/connection?clientid=dev1')).toMatchObject({
      code: '4.00',
      text: 'Bad Request: client has connected',
    });
    expect(c.post('mqtt/connection')).toMatchObject({
      code: '4.00',
      text: 'Bad Request: invalid queries',
    });
  });

  it('routes a POST with the clientid from a new port to the live channel: "client has connected" (no kick)', () => {
    const { h, token } = connected();
    const rebooted = h.client(50001);
    expect(rebooted.post('mqtt/connection?clientid=dev1')).toMatchObject({
      code: '4.00',
      text: 'Bad Request: client has connected',
    });
    expect(h.gateway.registered('dev1')?.token).toBe(token);
  });

  it('a peer bound to one clientid that POSTs another gets "channel has registered by: <requested>"', () => {
    const { c } = connected();
    expect(c.post('mqtt/connection?clientid=dev2')).toMatchObject({
      code: '4.00',
      text: 'Bad Request: channel has registered by: dev2',
    });
  });

  it('resolves ${clientid} in the mountpoint at connect', () => {
    const h = new Harness({ connection_required: true, mountpoint: 'tenant/${clientid}/' });
    const c = h.client();
    const t = c.post('mqtt/connection?clientid=d9')?.text;
    c.post(`ps/up?clientid=d9&token=${t}`, { payload: 'x' });
    expect(h.eventsOf('published')[0].topic).toBe('tenant/d9/up');
  });
});

describe('§1.1 routing by clientid', () => {
  it('keeps a peer bound to the first clientid it sent, even when later packets carry another or none', () => {
    const { h, c, token } = connected();
    expect(c.put(`mqtt/connection?clientid=dev1&token=${token}`)?.code).toBe('2.04');
    expect(h.eventsOf('peer-bound')).toHaveLength(1);
    // No clientid: still routed to dev1's channel, which then wants a clientid with the token.
    expect(c.put(`mqtt/connection?token=${token}`)?.text).toBe(MISSING);
    expect(h.gateway.liveChannels()).toHaveLength(1);
  });

  it('routes heartbeats from a new port with the clientid to the same session', () => {
    const { h, token } = connected();
    const other = h.client(50009);
    expect(other.put(`mqtt/connection?clientid=dev1&token=${token}`)?.code).toBe('2.04');
    expect(h.gateway.liveChannels()).toHaveLength(1);
  });

  it('DELETE with a clientid also closes that clientid’s channel', () => {
    const { h, token } = connected();
    expect(h.client(50002).delete(`mqtt/connection?clientid=dev1&token=${token}`)?.code).toBe(
      '2.02',
    );
    expect(h.gateway.registered('dev1')).toBeUndefined();
  });
});

describe('§1.5 connectionless mode', () => {
  it('gives each source port its own channel with a random 16-character clientid', () => {
    const h = new Harness();
    h.client(1).post('ps/t');
    h.client(2).post('ps/t');
    const ids = h.eventsOf('channel-opened').map((e) => e.clientId);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z][A-Za-z0-9]{15}$/);
  });

  it('uses the clientid query as the publisher (6.x)', () => {
    const h = new Harness();
    h.client().post('ps/t?clientid=sensor-7', { payload: 'x' });
    expect(h.eventsOf('published')[0].clientId).toBe('sensor-7');
  });

  it('authenticates every ps request when users are configured: 4.01 with an empty payload on failure', () => {
    const h = new Harness({
      authentication: { type: 'users', users: [{ username: 'u', password: 'p' }] },
    });
    const c = h.client();
    expect(c.post('ps/t?u=u&p=bad', { payload: 'x' })).toMatchObject({ code: '4.01', text: '' });
    expect(h.eventsOf('published')).toHaveLength(0);
    expect(c.post('ps/t?u=u&p=p', { payload: 'x' })?.code).toBe('2.04');
    // The result was for that request only.
    expect(c.get('ps/t', { observe: 0 })?.code).toBe('4.01');
  });

  it('refuses connectionless pub/sub under the hardened profile with no authenticator', () => {
    const h = new Harness({ security_profile: 'hardened' });
    expect(h.client().post('ps/t')?.code).toBe('4.01');
  });

  it('unsubscribing from another port answers 2.07 but leaves the observation alone', () => {
    const h = new Harness();
    const sub = h.client(1);
    sub.get('ps/t', { observe: 0, token: 'tk' });
    expect(h.client(2).get('ps/t', { observe: 1 })?.code).toBe('2.07');
    h.client(3).post('ps/t', { payload: 'still' });
    expect(sub.notifications().map((n) => n.text)).toEqual(['still']);
  });

  it('still lets mqtt/connection connect and delete a channel', () => {
    const h = new Harness();
    const c = h.client();
    expect(c.post('mqtt/connection?clientid=z')?.code).toBe('2.01');
    expect(c.delete('mqtt/connection')?.code).toBe('2.02');
  });
});

describe('§1.4 token takeover', () => {
  it('resumes a session in the current channel when another clientid’s token matches', () => {
    const h = new Harness({ connection_required: true, heartbeat: 300 });
    // dev1 connects and observes from port 1, then that port is bound to dev1.
    const old = h.client(1);
    const token = old.post('mqtt/connection?clientid=dev1')?.text ?? '';
    old.get(`ps/t?clientid=dev1&token=${token}`, { observe: 0, token: 'ob' });
    // Port 2 is bound to ghost first (its channel never connects), then presents dev1's token.
    const fresh = h.client(2);
    fresh.put('mqtt/connection?clientid=ghost&token=1');
    const r = fresh.put(`mqtt/connection?clientid=dev1&token=${token}`);
    expect(r?.code).toBe('2.04');
    expect(h.eventsOf('takeover')).toHaveLength(1);
    expect(h.eventsOf('channel-closed').at(-1)).toMatchObject({ reason: 'takenover' });
    expect(h.broker.subscriptions().map((s) => s.filter)).toEqual(['t']);
    const pub = h.client(3);
    const t3 = pub.post('mqtt/connection?clientid=p')?.text;
    pub.post(`ps/t?clientid=p&token=${t3}`, { type: 'NON', payload: 'moved' });
    expect(fresh.notifications().map((n) => n.text)).toEqual(['moved']);
  });
});
