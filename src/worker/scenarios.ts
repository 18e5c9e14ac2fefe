// Scenarios: what was done to a world since it started, recorded as it happens, shared as JSON or
// a URL parameter, and replayed step for step on virtual time through the same intents.
import { parseConfigQuery } from '../gateway';
import type { World } from '../sim';
import { saidOf } from '../sim';
import { msg } from '../wire/msg';
import type { Msg } from '../wire/msg';
import type { Intent, IntentResult, OpenedScenario, Scenario } from './api';
import { replayTime } from './driver';
import { perform } from './intents';
import type { IntentContext } from './intents';
import {
  decodeScenarioParam,
  encodeScenarioParam,
  parseScenarioJson,
  scenarioToJson,
} from './scenario-codec';
import type { ScenarioParse } from './scenario-codec';

/** Most failed steps a replay names one by one. */
const FAILURES_NAMED = 5;

export class Recorder {
  private recording: Scenario = { version: 1, seed: 0, settings: '', steps: [] };
  /** Real peers' datagrams reached this world: a scenario cannot replay them. */
  hadExternal = false;

  /** A new world: nothing done to it yet. */
  start(seed: number, settings: string): void {
    this.recording = { version: 1, seed, settings, steps: [] };
    this.hadExternal = false;
  }

  /** An intent that succeeded at virtual time `at` (a reset starts a recording of its own). */
  record(at: number, intent: Intent): void {
    if (intent.type === 'reset' || intent.type === 'load-settings') return;
    this.recording.steps.push({ at, intent });
  }

  /** The recording up to `until`, as a scenario, its JSON and its URL parameter. */
  async share(until: number) {
    const scenario: Scenario = { ...this.recording, until };
    const notices: Msg[] = this.hadExternal ? [msg('notices:scenario.real-peers')] : [];
    return {
      scenario,
      json: scenarioToJson(scenario),
      param: await encodeScenarioParam(scenario),
      notices,
    };
  }
}

/** A scenario from its JSON or URL parameter, or why not. */
export function parseScenario(text: string, form: 'json' | 'param'): Promise<ScenarioParse> {
  return form === 'json' ? Promise.resolve(parseScenarioJson(text)) : decodeScenarioParam(text);
}

/**
 * Replays `s` synchronously: a fresh world with its seed and settings, each step performed at its
 * virtual time, then on to `until`. Time moves the world itself (replayTime), not a clock.
 */
export function replay(
  s: Scenario,
  ctx: Omit<IntentContext, 'time'>,
  recorder: Recorder,
): OpenedScenario {
  const { patch, notices } = parseConfigQuery(s.settings);
  const world = (): World => ctx.world();
  const live: IntentContext = { ...ctx, time: replayTime(world) };
  perform(live, { type: 'reset', config: patch, seed: s.seed });
  let failed = 0;
  for (const [i, step] of s.steps.entries()) {
    world().advance(step.at);
    let r: IntentResult;
    try {
      r = perform(live, step.intent);
    } catch (e) {
      r = { ok: false, error: saidOf(e) };
    }
    if (r.ok) recorder.record(step.at, step.intent);
    else if (failed++ < FAILURES_NAMED)
      notices.push(
        msg('notices:replay.step-failed', {
          step: String(i + 1),
          intent: step.intent.type,
          error: r.error,
        }),
      );
  }
  if (failed > FAILURES_NAMED)
    notices.push(msg('notices:replay.more-failed', { n: failed - FAILURES_NAMED }));
  if (s.until !== undefined) world().advance(s.until);
  return {
    ok: true,
    replayed: msg('notices:replay.done', { n: s.steps.length, ms: String(world().now) }),
    notices,
  };
}
