/* eslint-disable @typescript-eslint/no-restricted-imports -- the checks run on journals of a
   real headless host, as the worker runs it. */
// The checks are tested on real journals: the worker's host runs a real world headless, driven
// by the lessons' own intents (not hand-made entries).
import { describe, expect, it } from 'vitest';
import { PlaygroundHost } from '../../worker/host';
import { FakeEnv } from '../../worker/testing/fake-env';
import type { Intent } from '../../worker/api';
import { LESSONS } from './lessons';
import { progress, setupIntents } from './engine';
import type { Lesson } from './engine';
import { i18n } from '../i18n/i18n';
import { lessonKey, stepKey } from './words';

async function start(lesson: Lesson) {
  const env = new FakeEnv();
  const host = new PlaygroundHost(env, { seed: 7 });
  const entries = () => host.current.journal.since(1);
  const run = async (intents: Intent[]) => {
    for (const i of intents) {
      const r = await host.dispatch(i);
      // Adding a client twice is the only refusal a lesson's action may meet.
      if (!r.ok) expect(r.error.id).toBe('notices:client.exists');
    }
    env.run(500);
  };
  await run(setupIntents(lesson));
  return { host, env, entries, run, done: () => progress(lesson, entries()).map((p) => !!p) };
}

const lesson = (id: string) => LESSONS.find((l) => l.id === id) as Lesson;

describe('lessons', () => {
  it('are the seven of the issue and the command down to a device, each with steps that explain themselves', () => {
    expect(LESSONS.map((l) => l.id)).toEqual([
      'connection-lifecycle',
      'connectionless',
      'heartbeat',
      'qos-notifications',
      'retained',
      'short-names',
      'lossy',
      'command-down',
    ]);
    for (const l of LESSONS)
      for (const s of l.steps)
        expect(i18n.t(stepKey(l, s, 'explanation')).length).toBeGreaterThan(40);
  });

  for (const l of LESSONS) {
    it(`"${i18n.t(lessonKey(l, 'title'))}": each step turns done by its own action, not before`, async () => {
      const { entries, run, done } = await start(l);
      for (let i = 0; i < l.steps.length; i++) {
        const step = l.steps[i];
        if (step.action) {
          expect(done()[i], `${step.id} done before its action`).toBe(false);
          await run(step.action.intents(entries()));
        }
        expect(done().slice(0, i + 1), `after ${step.id}`).toEqual(new Array(i + 1).fill(true));
      }
      // Each proof links to a packet or an event of this world.
      const seqs = new Set(entries().map((e) => e.seq));
      for (const p of progress(l, entries())) expect(seqs.has(p?.seq ?? -1)).toBe(true);
    });
  }

  it('connection mode: a publish with the token does not count as "publish without the token"', async () => {
    const l = lesson('connection-lifecycle');
    const { entries, run, done } = await start(l);
    await run(l.steps[0].action?.intents(entries()) ?? []);
    await run(l.steps[2].action?.intents(entries()) ?? []); // publish with token: 2.04
    expect(done()).toEqual([true, false, false, false, false]);
  });

  it('steps count only in order: a heartbeat before the connect proves nothing', async () => {
    const l = lesson('heartbeat');
    const { entries, run, done } = await start(l);
    await run(l.steps[1].action?.intents(entries()) ?? []); // PUT without a session: 4.00
    expect(done()[1]).toBe(false);
    await run(l.steps[0].action?.intents(entries()) ?? []);
    expect(done()).toEqual([true, false, false, false, false]);
  });

  it('lossy link: a lost publish is retransmitted, then given up after MAX_RETRANSMIT', async () => {
    const l = lesson('lossy');
    const { host, entries, run } = await start(l);
    for (const s of l.steps.slice(0, 3)) await run(s.action?.intents(entries()) ?? []);
    const world = entries().flatMap((e) => (e.kind === 'world' ? [e.event] : []));
    const retrans = world.filter((e) => e.kind === 'client-retransmission');
    expect(retrans.map((e) => e.kind === 'client-retransmission' && e.attempt)).toEqual([
      1, 2, 3, 4,
    ]);
    expect(world.filter((e) => e.kind === 'client-gave-up')).toHaveLength(1);
    const sent = entries().filter((e) => e.kind === 'datagram' && e.sender === 'device');
    expect(sent.map((e) => e.kind === 'datagram' && e.fate)).toEqual(new Array(5).fill('lost'));
    expect(host.current.gateway.stats.received).toBe(0);
  });

  it('short names: r=1 is not done by r=true', async () => {
    const l = lesson('short-names');
    const { entries, run, done } = await start(l);
    await run(l.steps[0].action?.intents(entries()) ?? []);
    await run(l.steps[1].action?.intents(entries()) ?? []);
    await run(l.steps[3].action?.intents(entries()) ?? []); // r=true first
    expect(done()).toEqual([true, true, false, false]);
  });

  it('heartbeat: "use the old token" is done only by the token the connect issued', async () => {
    const l = lesson('heartbeat');
    const { entries, run, done } = await start(l);
    for (const s of l.steps.slice(0, 4)) await run(s.action?.intents(entries()) ?? []);
    expect(done()).toEqual([true, true, true, true, false]);
    const publish = (query: string): Intent => ({
      type: 'send',
      client: 'device',
      spec: { method: 'POST', confirmable: true, path: `ps/coap/test?${query}` },
    });
    // An empty token and a made-up one get the same 4.01, but they are not the old token.
    await run([publish('clientid=123&token='), publish('clientid=123&token=42')]);
    expect(done()[4]).toBe(false);
    await run(l.steps[4].action?.intents(entries()) ?? []);
    expect(done()[4]).toBe(true);
  });
});
