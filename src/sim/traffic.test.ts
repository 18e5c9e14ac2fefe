// Periodic traffic: a simulated client heartbeats and publishes by itself on virtual time, with the
// clientid and token of its own last connect, so keep-alive and notifications run without clicks.
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from './journal';
import { World } from './world';
import { rendered } from '../ui/i18n/testing/rendered';

type Datagram = Extract<JournalEntry, { kind: 'datagram' }>;

/** The requests a client sent to the gateway, as [virtual ms, path or code]. */
const sent = (w: World, client: string): Array<[number, string]> =>
  w.journal
    .since(0)
    .filter((e): e is Datagram => e.kind === 'datagram' && e.sender === client && e.fate !== 'lost')
    .filter((d) => d.summary.codeValue !== 0 || d.summary.type === 'CON')
    .filter((d) => d.direction === 'to-gateway' && d.summary.type !== 'ACK')
    .map((d) => [d.at, d.summary.path ?? d.summary.code ?? '']);

function connected(clientId: string): World {
  const w = new World({ seed: 11, config: { connection_required: true } });
  w.addCoapClient(clientId);
  w.request(clientId, {
    method: 'POST',
    confirmable: true,
    path: `mqtt/connection?clientid=${clientId}`,
  });
  w.advance(5);
  return w;
}

describe('periodic traffic', () => {
  it('heartbeats with its own clientid and token every N s of virtual time, keeping the session alive', () => {
    const w = connected('dev');
    const token = w.gateway.registered('dev')?.token;
    expect(w.setTraffic('dev', { heartbeat: 20 })).toEqual({ ok: true });
    w.advance(200_000);
    // Without heartbeats the session would have expired after 45–60 s.
    expect(w.gateway.registered('dev')?.token).toBe(token);
    const beats = sent(w, 'dev').slice(1);
    expect(beats).toHaveLength(9);
    expect(beats[0]).toEqual([20_005, `/mqtt/connection?clientid=dev&token=${token}`]);
    expect(beats.map(([at]) => at)).toEqual(
      Array.from({ length: 9 }, (_, i) => 5 + 20_000 * (i + 1)),
    );
    expect(w.trafficOf('dev')).toMatchObject({ heartbeats: 9, publishes: 0 });
    // Every one answered 2.04.
    const codes = w
      .coapClient('dev')!
      .history()
      .slice(1)
      .map((e) => e.response?.code);
    expect(new Set(codes)).toEqual(new Set(['2.04']));
  });

  it('publishes every N s, numbering the payloads, and an observer is notified each time', () => {
    const w = new World({ seed: 12 });
    w.addCoapClient('sensor');
    w.addCoapClient('watch');
    w.request('watch', { method: 'GET', confirmable: true, path: 'ps/coap/test', observe: 0 });
    w.advance(5);
    w.setTraffic('sensor', {
      publish: { every: 10, topic: 'coap/test', payload: 'reading {n}' },
    });
    w.advance(35_005);
    expect(sent(w, 'sensor').map(([at, path]) => [at, path])).toEqual([
      [10_005, '/ps/coap/test'],
      [20_005, '/ps/coap/test'],
      [30_005, '/ps/coap/test'],
    ]);
    const observation = w.coapClient('watch')!.history()[0];
    expect(observation.notifications).toBe(3);
    expect(observation.lastNotification?.payload).toBe('reading 3');
  });

  it('without a connect (connectionless) it heartbeats with a CoAP ping, which keep-alive counts', () => {
    const w = new World({ seed: 13 });
    w.addCoapClient('dev');
    w.request('dev', { method: 'POST', confirmable: true, path: 'ps/t' });
    w.advance(5);
    const id = w.gateway.liveChannels()[0].id;
    w.setTraffic('dev', { heartbeat: 30 });
    w.advance(300_000);
    expect(w.gateway.liveChannels().map((c) => c.id)).toEqual([id]);
    const ping = w.journal
      .since(0)
      .find((e): e is Datagram => e.kind === 'datagram' && e.at === 30_005);
    expect(ping?.summary).toMatchObject({ type: 'CON', codeValue: 0, token: '' });
  });

  it('stops on an empty plan and when the client is removed; refuses a period out of range', () => {
    const w = connected('dev');
    w.setTraffic('dev', { heartbeat: 10 });
    w.advance(25_000);
    w.setTraffic('dev', {});
    expect(w.trafficOf('dev')).toBeUndefined();
    const before = sent(w, 'dev').length;
    w.advance(100_000);
    expect(sent(w, 'dev').length).toBe(before);

    w.setTraffic('dev', { publish: { every: 5, topic: 't', payload: 'x' } });
    w.removeClient('dev');
    expect(w.nextDeadline()).toBeUndefined();

    const x = new World({ seed: 1 });
    x.addCoapClient('a');
    expect(rendered(x.setTraffic('a', { heartbeat: 0.5 }))).toEqual({
      ok: false,
      error: 'the heartbeat period must be 1–3600 s',
    });
    expect(x.setTraffic('a', { publish: { every: 5, topic: ' ', payload: '' } }).ok).toBe(false);
    expect(x.setTraffic('nobody', { heartbeat: 5 }).ok).toBe(false);
  });

  it('after a disconnect it has no token to send: a heartbeat becomes a ping', () => {
    const w = connected('dev');
    const token = w.gateway.registered('dev')?.token;
    w.request('dev', {
      method: 'DELETE',
      confirmable: true,
      path: `mqtt/connection?clientid=dev&token=${token}`,
    });
    w.advance(w.now + 5);
    w.setTraffic('dev', { heartbeat: 5 });
    w.advance(w.now + 5_000);
    expect(sent(w, 'dev').at(-1)?.[1]).toBe('0.00 Empty');
  });
});
