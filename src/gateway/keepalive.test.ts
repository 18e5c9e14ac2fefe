// docs/gateway-behaviour.md §1.6: keep-alive fires after 1.5 × heartbeat with no inbound datagram of any kind,
// checked every clamp(30 s, 1 s, max(heartbeat/2, 1 s)); in both modes.
import { describe, expect, it } from 'vitest';
import { keepaliveTiming } from './config';
import { renderMsg } from '../ui/i18n/msg';
import { Harness } from './testing/harness';

describe('§1.6 keep-alive', () => {
  it('derives a 15 s check interval and 45 s max idle from the default 30 s heartbeat', () => {
    expect(keepaliveTiming(30)).toEqual({ checkInterval: 15_000, maxIdle: 45_000 });
    expect(keepaliveTiming(1)).toEqual({ checkInterval: 1000, maxIdle: 1500 });
    expect(keepaliveTiming(120)).toEqual({ checkInterval: 30_000, maxIdle: 180_000 });
  });

  it('expires a connected session 45–60 s after the last datagram, and not before', () => {
    const h = new Harness({ connection_required: true });
    const c = h.client();
    c.post('mqtt/connection?clientid=k1');
    h.advance(44_999);
    expect(h.gateway.registered('k1')).toBeDefined();
    h.advance(15_001);
    expect(h.gateway.registered('k1')).toBeUndefined();
    const closed = h.eventsOf('channel-closed')[0];
    expect(closed).toMatchObject({ clientId: 'k1', reason: 'keepalive-timeout' });
  });

  it('expires exactly at the fourth check after the last datagram', () => {
    const h = new Harness();
    const c = h.client();
    const start = h.now;
    c.post('ps/t'); // channel created now; checks at +15, +30, +45, +60 s
    h.advance(59_999);
    expect(h.gateway.liveChannels()).toHaveLength(1);
    h.advance(1);
    expect(h.gateway.liveChannels()).toHaveLength(0);
    expect(h.now - start).toBe(60_000);
  });

  it('says in plain seconds how long the channel heard nothing, whatever the clock’s fractions', () => {
    const h = new Harness();
    const c = h.client();
    c.post('ps/t'); // checks at +15, +30, +45, +60 s
    h.advance(1000.0253); // real clocks give fractional milliseconds
    c.post('ps/t');
    h.advance(60_000);
    const closed = h.eventsOf('channel-closed')[0];
    expect(closed.detail).toEqual({
      id: 'gateway:closed.keepalive',
      params: { idle: '59', maxIdle: '45' },
    });
    expect(renderMsg(closed.detail)).toBe('no datagram for 59 s (max idle 45 s)');
  });

  it('keeps a session alive with a PUT heartbeat every 30 s', () => {
    const h = new Harness({ connection_required: true });
    const c = h.client();
    const t = c.post('mqtt/connection?clientid=k2')?.text;
    for (let i = 0; i < 10; i++) {
      h.advance(30_000);
      expect(c.put(`mqtt/connection?clientid=k2&token=${t}`)?.code).toBe('2.04');
    }
    expect(h.gateway.registered('k2')).toBeDefined();
  });

  it('counts any inbound datagram, not only PUT: a publish, an empty ACK, a ping', () => {
    const h = new Harness();
    const c = h.client();
    c.post('ps/t');
    h.advance(40_000);
    c.answer('ACK', 999); // unmatched, but well-formed: still traffic
    h.advance(40_000);
    c.answer('RST', 998);
    h.advance(40_000);
    expect(h.gateway.liveChannels()).toHaveLength(1);
    h.advance(61_000);
    expect(h.gateway.liveChannels()).toHaveLength(0);
  });

  it('does not count malformed datagrams', () => {
    const h = new Harness();
    const c = h.client();
    c.post('ps/t');
    for (let i = 0; i < 6; i++) {
      h.advance(10_000);
      h.raw(Uint8Array.of(0x4f, 0x01, 0, 1), c.endpoint); // token length 15: format error
    }
    expect(h.gateway.liveChannels()).toHaveLength(0);
  });

  it('applies in connectionless mode too, and the subscription dies with the channel', () => {
    const h = new Harness();
    const sub = h.client();
    sub.get('ps/t', { observe: 0, token: 'tk' });
    h.advance(61_000);
    expect(h.broker.subscriptions()).toHaveLength(0);
    h.client().post('ps/t', { payload: 'late' });
    expect(sub.notifications()).toHaveLength(0);
  });

  it('with heartbeat 1 s (test t_heartbeat), expires 2–3 s after the last datagram', () => {
    const h = new Harness({ heartbeat: 1 });
    h.client().post('ps/t');
    h.advance(1999);
    expect(h.gateway.liveChannels()).toHaveLength(1);
    h.advance(1001);
    expect(h.gateway.liveChannels()).toHaveLength(0);
  });

  it('tells which datagram reset the keep-alive', () => {
    const h = new Harness({ connection_required: true });
    const c = h.client();
    const t = c.post('mqtt/connection?clientid=k3')?.text;
    h.advance(20_000);
    c.put(`mqtt/connection?clientid=k3&token=${t}`);
    h.advance(15_000);
    const resets = h.eventsOf('keepalive-reset');
    expect(resets.at(-1)?.cause).toContain('PUT');
    expect(resets.at(-1)?.cause).toContain('mqtt/connection');
  });

  it('predicts the expiry time shown to the user', () => {
    const h = new Harness();
    h.client().post('ps/t');
    const ch = h.gateway.liveChannels()[0];
    const predicted = ch.expiresAt();
    h.advance(predicted - h.now - 1);
    expect(h.gateway.liveChannels()).toHaveLength(1);
    h.advance(1);
    expect(h.gateway.liveChannels()).toHaveLength(0);
  });
});
