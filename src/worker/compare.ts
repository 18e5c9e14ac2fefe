/**
 * Side by side: one script run against two fresh headless worlds with the same seed, one gateway
 * in connection mode and one in connectionless mode, and the two exchanges aligned step by step
 * with their differences explained from the spec (docs/gateway-behaviour.md §1.4, §1.5).
 */
import type { JournalEntry } from '../sim';
import { worded } from '../sim';
import { msg } from '../wire/msg';
import type { Msg } from '../wire/msg';
import type {
  Comparison,
  ComparisonRow,
  GatewayModeName,
  Intent,
  IntentResult,
  Scenario,
  ScenarioStep,
  StepOutcome,
} from './api';
import type { HostEnvironment } from './driver';
import { TOKEN_PLACEHOLDER } from './scripts';

/** A host that runs on the time the caller sets (no real timers): what `compareModes` drives. */
export interface HeadlessHost {
  dispatch(intent: Intent): Promise<IntentResult>;
  journal(from: number, limit: number): Promise<JournalEntry[]>;
  snapshot(): Promise<unknown>;
}

export class ManualEnvironment implements HostEnvironment {
  t = 0;
  realNow = () => this.t;
  setTimer = () => undefined;
  clearTimer = () => {};
}

/** How long after the last step the worlds run on, so retransmissions and replies land. */
const SETTLE_MS = 5_000;
/** Bounds on a script, so a pasted one cannot hang the worker. */
const MAX_STEPS = 200;
const MAX_AT = 24 * 3600_000;

function lastToken(entries: readonly JournalEntry[]): string | undefined {
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i];
    if (e.kind === 'gateway' && e.event.kind === 'connected') return e.event.token;
  }
  return undefined;
}

function withToken(intent: Intent, token: string | undefined): Intent {
  if (intent.type !== 'send' || !intent.spec.path.includes(TOKEN_PLACEHOLDER)) return intent;
  return {
    ...intent,
    spec: { ...intent.spec, path: intent.spec.path.split(TOKEN_PLACEHOLDER).join(token ?? '') },
  };
}

/**
 * The step as the learner reads it: a request as on the wire (`device: CON POST ps/coap/test…`),
 * the rest in words with their names, topics and payloads as they are.
 */
export function describeIntent(intent: Intent): Msg {
  const dec = new TextDecoder();
  switch (intent.type) {
    case 'send': {
      const s = intent.spec;
      const obs = s.observe === undefined ? '' : ` Observe=${s.observe}`;
      const body = s.payload?.length ? ` "${dec.decode(s.payload)}"` : '';
      return msg('compare:step.send', {
        client: intent.client,
        request: `${s.confirmable ? 'CON' : 'NON'} ${s.method} ${s.path}${obs}${body}`,
      });
    }
    case 'add-coap-client':
      return intent.name
        ? msg('compare:step.add-coap', { name: intent.name })
        : msg('compare:step.add-coap-unnamed');
    case 'add-mqtt-client':
      return msg('compare:step.add-mqtt', { name: intent.clientId });
    case 'mqtt-publish':
      return msg('compare:step.publish', {
        client: intent.client,
        topic: intent.topic,
        qos: String(intent.qos),
        payload: `"${dec.decode(intent.payload)}"`,
      });
    case 'mqtt-subscribe':
      return msg('compare:step.subscribe', { client: intent.client, filter: intent.filter });
    case 'clock-advance':
      return msg('compare:step.wait', { s: String(intent.ms / 1000) });
    case 'set-link':
      return msg('compare:step.link', {
        client: intent.client,
        loss: String(intent.link.loss * 100),
      });
    default:
      return msg('compare:step.intent', { type: intent.type });
  }
}

/** What the entries of one step show. */
export function outcomeOf(result: IntentResult, entries: readonly JournalEntry[]): StepOutcome {
  const out: StepOutcome = {
    result,
    timedOut: false,
    notifications: [],
    mqtt: [],
    lifecycle: [],
  };
  let token: string | undefined;
  for (const e of entries) {
    if (e.kind === 'world') {
      const ev = e.event;
      if (ev.kind === 'request-sent' && out.request === undefined) {
        out.request = ev.summary;
        token = ev.token;
      } else if (ev.kind === 'response-received' && ev.token === token && !out.response)
        out.response = { code: ev.code, payload: ev.payload };
      else if (ev.kind === 'request-timeout' && ev.token === token) out.timedOut = true;
      else if (ev.kind === 'notification-received' && !ev.duplicate)
        out.notifications.push(`${ev.client} ← "${ev.payload}"`);
      else if (ev.kind === 'mqtt-received')
        out.mqtt.push(`${ev.client} ← ${ev.topic} "${ev.payload}"`);
    } else if (e.kind === 'gateway') {
      const ev = e.event;
      if (ev.kind === 'request' && out.explanation === undefined) out.explanation = ev.explanation;
      else if (ev.kind === 'connected')
        out.lifecycle.push(msg('compare:lifecycle.connected', { clientId: ev.clientId }));
      else if (ev.kind === 'channel-closed')
        out.lifecycle.push(
          msg('compare:lifecycle.closed', {
            reason: ev.reason,
            gone: ev.subscriptions.length,
          }),
        );
    }
  }
  return out;
}

/** A token is random: two 2.01 answers with a decimal payload are the same answer. */
function responseKey(o: StepOutcome): string {
  if (o.timedOut) return 'timeout';
  if (!o.response) return 'none';
  const payload =
    o.response.code === '2.01' && /^\d{1,10}$/.test(o.response.payload)
      ? '<token>'
      : o.response.payload;
  return `${o.response.code} ${payload}`;
}

/** Why connection mode and connectionless mode answered this step differently (or alike). */
export function explain(
  row: Pick<ComparisonRow, 'connection' | 'connectionless' | 'differs'>,
): Msg | undefined {
  const a = row.connection;
  const b = row.connectionless;
  const code = (o: StepOutcome) => o.response?.code;
  const req = a.request ?? b.request ?? '';
  if (row.differs.includes('response')) {
    if (code(a) === '4.00' && a.response?.payload.startsWith('Missing token'))
      return msg('compare:why.missing-token', {
        payload: '"Missing token or clientid in connection mode"',
        spec: 'gateway-behaviour',
      });
    if (code(a) === '4.01') return msg('compare:why.invalid-token', { spec: 'gateway-behaviour' });
    const none = msg('compare:why.no-explanation');
    return msg('compare:why.explanations', {
      connection: a.explanation !== undefined ? worded(a.explanation) : none,
      connectionless: b.explanation !== undefined ? worded(b.explanation) : none,
    });
  }
  if (row.differs.includes('notifications')) return msg('compare:why.observers');
  if (row.differs.includes('lifecycle')) return msg('compare:why.channels');
  if (/ POST \/mqtt\/connection/.test(req) && code(b)?.startsWith('2.'))
    return msg('compare:why.same-answer', { spec: 'gateway-behaviour' });
  return undefined;
}

/**
 * Runs `scenario` twice, with `connection_required=true` and `=false` added to its settings, in
 * fresh headless hosts from `makeHost` (same seed), and aligns the two runs step by step.
 */
export async function compareModes(
  scenario: Scenario,
  makeHost: (env: ManualEnvironment, seed: number) => HeadlessHost,
): Promise<Comparison> {
  if (!Number.isFinite(scenario.seed)) throw new Error('the script needs a numeric seed');
  if (scenario.steps.length > MAX_STEPS)
    throw new Error(
      `a script may have at most ${MAX_STEPS} steps (this one has ${scenario.steps.length})`,
    );
  for (const s of scenario.steps)
    if (!(s.at >= 0 && s.at <= MAX_AT))
      throw new Error(`a step's time must be between 0 and ${MAX_AT} ms (got ${s.at})`);
  const run = async (mode: GatewayModeName) => {
    const env = new ManualEnvironment();
    const host = makeHost(env, scenario.seed);
    const query = new URLSearchParams(scenario.settings.replace(/^\?/, ''));
    query.set('connection_required', mode === 'connection' ? 'true' : 'false');
    query.set('seed', String(scenario.seed));
    const loaded = await host.dispatch({ type: 'load-settings', query: `?${query}` });
    if (!loaded.ok) throw new Error(`the script's settings do not load: ${loaded.error}`);
    const steps: ScenarioStep[] = [...scenario.steps].sort((x, y) => x.at - y.at);
    const starts: number[] = [];
    const results: IntentResult[] = [];
    let all: JournalEntry[] = [];
    for (const step of steps) {
      env.t = Math.max(env.t, step.at);
      await host.snapshot(); // runs the world up to the step's time
      all = await host.journal(1, Infinity);
      starts.push((all.at(-1)?.seq ?? 0) + 1);
      // A pasted script may name an intent the host does not know: it returns nothing then.
      const r = (await host.dispatch(withToken(step.intent, lastToken(all)))) as
        IntentResult | undefined;
      results.push(
        r ?? {
          ok: false,
          error: msg('compare:unknown-intent', {
            intent: JSON.stringify(step.intent.type) ?? 'undefined',
          }),
        },
      );
    }
    env.t += SETTLE_MS;
    await host.snapshot();
    all = await host.journal(1, Infinity);
    return steps.map((step, i) => {
      const from = starts[i];
      const to = starts[i + 1] ?? Infinity;
      return {
        step,
        outcome: outcomeOf(
          results[i],
          all.filter((e) => e.seq >= from && e.seq < to),
        ),
      };
    });
  };
  const [conn, less] = [await run('connection'), await run('connectionless')];
  const rows = conn.map((c, i): ComparisonRow => {
    const a = c.outcome;
    const b = less[i].outcome;
    const differs: ComparisonRow['differs'] = [];
    if (responseKey(a) !== responseKey(b)) differs.push('response');
    if (a.notifications.join('\n') !== b.notifications.join('\n')) differs.push('notifications');
    if (a.mqtt.join('\n') !== b.mqtt.join('\n')) differs.push('mqtt');
    if (JSON.stringify(a.lifecycle) !== JSON.stringify(b.lifecycle)) differs.push('lifecycle');
    const row = {
      index: i,
      at: c.step.at,
      step: describeIntent(c.step.intent),
      connection: a,
      connectionless: b,
      differs,
    };
    return { ...row, why: explain(row) };
  });
  return { seed: scenario.seed, rows };
}
