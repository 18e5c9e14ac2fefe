// Share and replay: what a user did becomes a scenario (JSON and URL parameter); replaying it
// rebuilds the same world, journal byte for byte; a damaged or foreign one changes nothing.
import { describe, expect, it } from 'vitest';
import { PlaygroundHost } from './host';
import { FakeEnv } from './testing/fake-env';
import type { Scenario } from './api';
import {
  decodeScenarioParam,
  encodeScenarioParam,
  parseScenarioJson,
  scenarioToJson,
  serializeJournal,
} from './scenario-codec';
import { runScript, simulatedScript } from './testing/traffic';
import { rendered, said } from '../ui/i18n/testing/rendered';

async function newHost(seed?: number) {
  const env = new FakeEnv(1_000_000);
  const host = new PlaygroundHost(env, seed === undefined ? {} : { seed });
  await host.connect(() => {});
  return { env, host };
}

const journalText = async (host: PlaygroundHost) => serializeJournal(await host.journal(0, 1e6));

/** Records the varied session live (real time in small steps, clock ×1). */
async function recorded(seed?: number) {
  const { env, host } = await newHost(seed);
  await runScript(host, env.run);
  return { host, shared: await host.shareScenario() };
}

describe('share and replay', () => {
  it('records what was done, and replaying it gives the same journal byte for byte', async () => {
    // Seed 1: a CON notification is retransmitted after the last step and before the share, so
    // the replay must run on to the moment of sharing (`until`), not stop at the last step.
    const { host, shared } = await recorded(1);
    const live = await journalText(host);
    const lastStep = shared.scenario.steps.at(-1)?.at ?? 0;
    expect(shared.scenario.until).toBe(host.current.now);
    expect((await host.journal(0, 1e6)).some((e) => e.at > lastStep)).toBe(true);
    expect(shared.scenario.steps.length).toBe(simulatedScript().length);
    expect(shared.scenario.steps[0]).toEqual({
      at: 0,
      intent: { type: 'add-coap-client', name: 'dev' },
    });
    expect(shared.notices).toEqual([]);

    const a = await newHost();
    expect((await a.host.openScenario(shared.param, 'param')).ok).toBe(true);
    const b = await newHost();
    expect((await b.host.openScenario(shared.json, 'json')).ok).toBe(true);
    const replayA = await journalText(a.host);
    expect(replayA).toBe(await journalText(b.host));
    // The replay is not an approximation of the live session: it is the same journal.
    expect(replayA).toBe(live);
    expect(replayA.length).toBeGreaterThan(10_000);
    // And what the replayed world would share is the scenario it was given.
    expect((await a.host.shareScenario()).json).toBe(shared.json);
  });

  it('a different seed changes what randomness decides (tokens, message ids, ports, losses)', async () => {
    const { shared } = await recorded(7);
    expect(shared.scenario.seed).toBe(7);
    const other: Scenario = { ...shared.scenario, seed: 8 };
    const x = await newHost();
    await x.host.openScenario(scenarioToJson(shared.scenario), 'json');
    const y = await newHost();
    await y.host.openScenario(scenarioToJson(other), 'json');
    const [jx, jy] = [await journalText(x.host), await journalText(y.host)];
    expect(jx).not.toBe(jy);
    // Same intents, so the same story: as many requests sent by the clients.
    const requests = (j: string) => (j.match(/"request-sent"/g) ?? []).length;
    expect(requests(jx)).toBe(requests(jy));
  });

  it('keeps byte arrays (raw datagrams, MQTT payloads) through JSON and the URL parameter', async () => {
    const s: Scenario = {
      version: 1,
      seed: 3,
      settings: 'connection_required=true',
      steps: [
        { at: 0, intent: { type: 'add-coap-client', name: 'c' } },
        { at: 5, intent: { type: 'send-raw', client: 'c', bytes: Uint8Array.of(0x40, 1, 0, 0) } },
      ],
    };
    const viaParam = await decodeScenarioParam(await encodeScenarioParam(s));
    expect(viaParam).toEqual({ ok: true, scenario: s });
    expect(parseScenarioJson(scenarioToJson(s))).toEqual({ ok: true, scenario: s });
  });

  it('a damaged or foreign scenario gives a clear error and leaves the world as it was', async () => {
    const { env, host } = await newHost(5);
    await runScript(host, env.run);
    const before = await journalText(host);
    const cases: Array<[string, 'json' | 'param', RegExp]> = [
      ['{"version":1,', 'json', /not valid scenario JSON/],
      ['[1,2]', 'json', /not a scenario/],
      ['{"name":"my pcap"}', 'json', /no "version"/],
      ['{"version":2,"seed":1,"settings":"","steps":[]}', 'json', /version 2 is not supported/],
      ['{"version":1,"seed":-1,"settings":"","steps":[]}', 'json', /seed/],
      [
        '{"version":1,"seed":1,"settings":"","steps":[{"at":5,"intent":{"type":"explode"}}]}',
        'json',
        /step 1: unknown intent "explode"/,
      ],
      [
        '{"version":1,"seed":1,"settings":"","steps":[{"at":5,"intent":{"type":"clock-step"}},{"at":1,"intent":{"type":"clock-step"}}]}',
        'json',
        /step 2: "at"/,
      ],
      [
        '{"version":1,"seed":1,"settings":"","steps":[{"at":0,"intent":{"type":"send-raw","bytes":{"$hex":"zz"}}}]}',
        'json',
        /not hex/,
      ],
      [
        '{"version":1,"seed":1,"settings":"","steps":[{"at":9,"intent":{"type":"clock-step"}}],"until":5}',
        'json',
        /"until" must be a time in ms, not earlier than its last step/,
      ],
      ['not base64!', 'param', /not base64url/],
      ['AAAA', 'param', /damaged/],
      [await encodeScenarioParam({ nope: true } as unknown as Scenario), 'param', /no "version"/],
    ];
    for (const [text, form, error] of cases) {
      const r = await host.openScenario(text, form);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(said(r.error), text).toMatch(error);
    }
    expect(await journalText(host)).toBe(before);
  });

  it('reports steps that fail on replay instead of stopping', async () => {
    const { host } = await newHost();
    const r = await host.openScenario(
      scenarioToJson({
        version: 1,
        seed: 1,
        settings: '',
        steps: [
          { at: 0, intent: { type: 'remove-client', name: 'ghost' } },
          {
            at: 10,
            intent: {
              type: 'send',
              client: 'ghost',
              spec: { method: 'GET', confirmable: true, path: 'ps/x' },
            },
          },
          { at: 20, intent: { type: 'add-coap-client', name: 'real' } },
        ],
      }),
      'json',
    );
    expect(rendered(r)).toEqual({
      ok: true,
      replayed: 'replayed 3 steps to 20 ms; the clock is paused',
      notices: ["step 2 (send) failed: no CoAP client named 'ghost'"],
    });
    expect((await host.snapshot()).coapClients.map((c) => c.name)).toEqual(['real']);
  });

  it('an opened scenario stays paused where it ends when a relay attaches after it, as Share says', async () => {
    const { shared } = await recorded(2);
    const { env, host } = await newHost();
    expect((await host.openScenario(shared.param, 'param')).ok).toBe(true);
    host.attachRelay(() => {}, { address: '127.0.0.1', port: 5683 }, 'x');
    env.run(1000);
    expect((await host.snapshot()).clockRate).toBe(0);
    // Once the user picks a speed, a relay that attaches again sets real time as before.
    await host.dispatch({ type: 'clock-rate', rate: 2 });
    host.attachRelay(() => {}, { address: '127.0.0.1', port: 5683 }, 'x');
    expect((await host.snapshot()).clockRate).toBe(1);
  });

  it('replays periodic traffic (set-traffic) at the same virtual times, journal byte for byte', async () => {
    const { env, host } = await newHost(21);
    await host.dispatch({ type: 'load-settings', query: '?connection_required=true' });
    await host.dispatch({ type: 'add-coap-client', name: 'dev' });
    await host.dispatch({ type: 'add-coap-client', name: 'obs' });
    env.run(3);
    await host.dispatch({
      type: 'send',
      client: 'dev',
      spec: { method: 'POST', confirmable: true, path: 'mqtt/connection?clientid=dev' },
    });
    env.run(7);
    await host.dispatch({
      type: 'set-traffic',
      client: 'dev',
      plan: { heartbeat: 7, publish: { every: 3, topic: 'coap/test', payload: 'n={n}' } },
    });
    env.run(40_000);
    const shared = await host.shareScenario();
    const live = await journalText(host);
    // 40 s of traffic: five heartbeats (every 7 s) and thirteen publishes (every 3 s).
    // The journal is language-free: meanings are message ids with their parameters.
    expect(
      live.match(/"meaning":\{"id":"meaning:req\.heartbeat-from","params":\{"clientId":"dev"\}\}/g),
    ).toHaveLength(5);
    expect(
      live.match(/"meaning":\{"id":"meaning:req\.publish(-qos)?","params":\{"topic":"coap\/test"/g),
    ).toHaveLength(13);
    expect(shared.scenario.steps.map((s) => s.intent.type)).toContain('set-traffic');

    const again = await newHost();
    expect((await again.host.openScenario(shared.param, 'param')).ok).toBe(true);
    expect(await journalText(again.host)).toBe(live);
  });
});
