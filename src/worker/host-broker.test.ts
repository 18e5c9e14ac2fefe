// The host on a real MQTT broker (issue 7): the `broker` setting, the clock, and messages both
// ways through the gateway's normal paths, with simulated CoAP clients and a real mosquitto.
import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMosquitto } from '../../e2e/support/mosquitto';
import type { RunningMosquitto } from '../../e2e/support/mosquitto';
import { PlaygroundHost } from './host';
import { reading } from './testing/batches';
import type { ReadBatch } from './testing/batches';
import { said } from '../ui/i18n/testing/rendered';

let mosq: RunningMosquitto;
let device: MqttClient;
const got: Array<{ topic: string; payload: string; qos: number }> = [];
beforeAll(async () => {
  mosq = await startMosquitto();
  device = await mqtt.connectAsync(`mqtt://127.0.0.1:${mosq.tcpPort}`, {
    protocolVersion: 5,
    clientId: 'host-test-device',
    reconnectPeriod: 0,
  });
  device.on('message', (topic, payload, packet) =>
    got.push({ topic, payload: payload.toString(), qos: packet.qos }),
  );
  await device.subscribeAsync('up/#', { qos: 2 });
}, 20_000);
afterAll(async () => {
  await device?.endAsync(true);
  await mosq?.stop();
});

/** A host on real time and real timers, as in the worker. */
async function realHost() {
  const host = new PlaygroundHost({
    realNow: () => performance.timeOrigin + performance.now(),
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  });
  const batches: ReadBatch[] = [];
  await host.connect(reading(batches));
  return { host, batches };
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 8000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the host on a real MQTT broker', () => {
  it('takes the broker from the page address, keeps it there and runs the clock at ×1', async () => {
    const { host, batches } = await realHost();
    await host.dispatch({ type: 'clock-rate', rate: 10 });
    const r = await host.dispatch({
      type: 'load-settings',
      query: `?connection_required=true&broker=${mosq.wsUrl}`,
    });
    expect(r).toEqual({ ok: true, notices: [] });
    await until('the link', async () => {
      const b = (await host.snapshot()).broker;
      return b.backend === 'remote' && b.link.state === 'connected';
    });
    const snap = await host.snapshot();
    expect(snap.clockRate).toBe(1);
    expect(new URLSearchParams(snap.configQuery).get('broker')).toBe(mosq.wsUrl);
    expect(new URLSearchParams(snap.configQuery).get('connection_required')).toBe('true');
    await until('the journal', () =>
      batches.some((b) =>
        b.entries.some((e) => e.kind === 'world' && e.event.kind === 'broker-link'),
      ),
    );
    const texts = batches.flatMap((b) =>
      b.entries.flatMap((e) =>
        e.kind === 'world' && (e.event.kind === 'note' || e.event.kind === 'broker-link')
          ? [said(e.event.text)]
          : [],
      ),
    );
    expect(texts.join('\n')).toMatch(/clock now runs at ×1/);
    expect(texts.join('\n')).toContain(`connected to ${mosq.wsUrl}`);

    // Back to the built-in broker: the link closes, the address loses the key.
    expect(await host.dispatch({ type: 'set-broker', url: '' })).toEqual({ ok: true });
    const after = await host.snapshot();
    expect(after.broker).toEqual({ backend: 'built-in' });
    expect(new URLSearchParams(after.configQuery).has('broker')).toBe(false);
  });

  it('refuses a URL a page cannot reach, with a notice, and stays on the built-in broker', async () => {
    const { host } = await realHost();
    const r = await host.dispatch({ type: 'load-settings', query: '?broker=tcp://x:1883' });
    expect(r.ok && r.notices?.map(said).join()).toMatch(/ws:\/\/ or wss:\/\/.*built-in broker/);
    expect((await host.snapshot()).broker).toEqual({ backend: 'built-in' });
    const bad = await host.dispatch({ type: 'set-broker', url: 'nonsense' });
    expect(bad.ok).toBe(false);
  });

  it('sends a CoAP publish to real subscribers and a real publish to CoAP observers', async () => {
    const { host, batches } = await realHost();
    await host.dispatch({ type: 'load-settings', query: `?broker=${mosq.wsUrl}` });
    await until('the link', async () => {
      const b = (await host.snapshot()).broker;
      return b.backend === 'remote' && b.link.state === 'connected';
    });
    await host.dispatch({ type: 'add-coap-client', name: 'dev' });
    const obs = await host.dispatch({
      type: 'send',
      client: 'dev',
      spec: { method: 'GET', confirmable: true, path: 'ps/down/1', observe: 0 },
    });
    expect(obs.ok).toBe(true);

    // Until the real SUBSCRIBE is in place, a publish may reach no one: try again, bounded.
    const exchange = async () => (await host.snapshot()).coapClients[0].exchanges[0];
    for (let i = 0; i < 40 && !(await exchange()).lastNotification; i++) {
      await device.publishAsync('down/1', `from mqtt ${i}`, { qos: 1 });
      await new Promise((r) => setTimeout(r, 100));
    }
    const ex = await exchange();
    expect(ex.lastNotification?.payload).toMatch(/^from mqtt \d+$/);
    // QoS 1 from the broker: a CON notification (notify_type=qos, gateway-behaviour §1.10).
    expect(ex.lastNotification?.type).toBe('CON');

    await host.dispatch({
      type: 'send',
      client: 'dev',
      spec: {
        method: 'POST',
        confirmable: true,
        path: 'ps/up/1?qos=2&expiry=30',
        payload: new TextEncoder().encode('from coap'),
      },
    });
    await until('the real subscriber', () => got.some((m) => m.payload === 'from coap'));
    // The connect of a CoAP client is journaled as a $SYS event, not published to the real broker.
    await host.dispatch({
      type: 'send',
      client: 'dev',
      spec: { method: 'POST', confirmable: true, path: 'mqtt/connection?clientid=dev' },
    });
    await until('the $SYS event', () =>
      batches.some((b) =>
        b.entries.some((e) => e.kind === 'gateway' && e.event.kind === 'sys-event'),
      ),
    );
    const sys = batches
      .flatMap((b) => b.entries)
      .find((e) => e.kind === 'gateway' && e.event.kind === 'sys-event');
    expect(sys?.kind === 'gateway' && sys.event).toMatchObject({
      event: 'connected',
      published: false,
      deliveries: 0,
    });
    expect(got.find((m) => m.payload === 'from coap')).toEqual({
      topic: 'up/1',
      payload: 'from coap',
      qos: 2,
    });
    await host.dispatch({ type: 'set-broker', url: '' });
  });
});
