/**
 * The side-by-side script as editable JSON: the `Scenario` format, with payloads and tokens as
 * text instead of bytes. Parsing checks every field and says which one is wrong, as a
 * `sidebyside:error.*` message (the page says it in its language).
 */
import type { Intent } from '../../worker/api';
import type { Scenario, ScenarioStep } from '../../worker/api';
import { msg, type Msg, type MsgParam } from '../../wire/msg';

/** Steps and time a pasted script may have (the worker enforces the same bounds). */
export const MAX_SCRIPT_STEPS = 200;
const MAX_AT = 24 * 3600_000;
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;
/** The intents a script may use, as the script names them. */
export const INTENTS =
  'add-coap-client, add-mqtt-client, remove-client, send, mqtt-subscribe, mqtt-unsubscribe, mqtt-publish, set-link, clock-advance';

const dec = new TextDecoder();
const enc = new TextEncoder();

/** The script as pretty JSON, bytes shown as text. */
export function scriptToJson(s: Scenario): string {
  return JSON.stringify(s, (_k, v: unknown) => (v instanceof Uint8Array ? dec.decode(v) : v), 2);
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where in the script: `the script`, or `step 3`. */
type Where = Msg;
const SCRIPT: Where = msg('sidebyside:error.where.script');

class ScriptError extends Error {
  constructor(readonly said: Msg) {
    super(said.id);
  }
}
/** Stops parsing: `what` (a `sidebyside:error.*` key) went wrong at `where`. */
const fail = (where: Where, what: string, params: Record<string, MsgParam> = {}): never => {
  throw new ScriptError(msg(`sidebyside:error.${what}`, { where, ...params }));
};
const str = (o: Json, key: string, where: Where): string =>
  typeof o[key] === 'string' ? (o[key] as string) : fail(where, 'string', { key });
const optText = (o: Json, key: string, where: Where): Uint8Array | undefined =>
  o[key] === undefined ? undefined : enc.encode(str(o, key, where));
const qos = (v: unknown, where: Where): 0 | 1 | 2 =>
  v === 0 || v === 1 || v === 2 ? v : fail(where, 'qos');

function intentOf(v: unknown, where: Where): Intent {
  if (!isObject(v)) return fail(where, 'object', { key: 'intent' });
  switch (v.type) {
    case 'add-coap-client':
      return { type: 'add-coap-client', name: str(v, 'name', where) };
    case 'add-mqtt-client':
      return { type: 'add-mqtt-client', clientId: str(v, 'clientId', where) };
    case 'remove-client':
      return { type: 'remove-client', name: str(v, 'name', where) };
    case 'send': {
      const spec = v.spec;
      if (!isObject(spec)) return fail(where, 'object', { key: 'spec' });
      const method = str(spec, 'method', where);
      if (!(METHODS as readonly string[]).includes(method))
        fail(where, 'one-of', { key: 'method', list: METHODS.join(', ') });
      if (spec.observe !== undefined && spec.observe !== 0 && spec.observe !== 1)
        fail(where, 'observe');
      const out: Extract<Intent, { type: 'send' }>['spec'] = {
        method: method as (typeof METHODS)[number],
        confirmable: spec.confirmable !== false,
        path: str(spec, 'path', where),
      };
      if (spec.observe !== undefined) out.observe = spec.observe as 0 | 1;
      const token = optText(spec, 'token', where);
      if (token) out.token = token;
      const payload = optText(spec, 'payload', where);
      if (payload) out.payload = payload;
      return { type: 'send', client: str(v, 'client', where), spec: out };
    }
    case 'mqtt-subscribe': {
      const o = isObject(v.options) ? v.options : {};
      return {
        type: 'mqtt-subscribe',
        client: str(v, 'client', where),
        filter: str(v, 'filter', where),
        options: {
          qos: qos(o.qos ?? 0, where),
          nl: o.nl === true,
          rap: o.rap === true,
          rh: o.rh === 1 || o.rh === 2 ? o.rh : 0,
        },
      };
    }
    case 'mqtt-unsubscribe':
      return {
        type: 'mqtt-unsubscribe',
        client: str(v, 'client', where),
        filter: str(v, 'filter', where),
      };
    case 'mqtt-publish':
      return {
        type: 'mqtt-publish',
        client: str(v, 'client', where),
        topic: str(v, 'topic', where),
        payload: enc.encode(str(v, 'payload', where)),
        qos: qos(v.qos ?? 0, where),
        retain: v.retain === true,
      };
    case 'set-link': {
      const l = v.link;
      if (!isObject(l)) return fail(where, 'object', { key: 'link' });
      const num = (k: string) =>
        typeof l[k] === 'number' ? (l[k] as number) : fail(where, 'number', { key: `link.${k}` });
      return {
        type: 'set-link',
        client: str(v, 'client', where),
        link: { loss: num('loss'), delay: num('delay'), duplicate: num('duplicate') },
      };
    }
    case 'clock-advance':
      if (typeof v.ms !== 'number' || !(v.ms > 0)) fail(where, 'ms');
      return { type: 'clock-advance', ms: v.ms as number };
    default:
      return fail(where, 'type', { list: INTENTS, got: String(JSON.stringify(v.type)) });
  }
}

/** A script from JSON text, or what is wrong with it and where. */
export function parseScript(
  text: string,
): { ok: true; scenario: Scenario } | { ok: false; error: Msg } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return { ok: false, error: msg('sidebyside:error.not-json', { detail }) };
  }
  try {
    if (!isObject(raw)) return fail(SCRIPT, 'json-object');
    if (raw.version !== 1) fail(SCRIPT, 'version');
    if (!Number.isSafeInteger(raw.seed)) fail(SCRIPT, 'seed');
    const settings = raw.settings === undefined ? '' : str(raw, 'settings', SCRIPT);
    if (!Array.isArray(raw.steps)) return fail(SCRIPT, 'array');
    if (raw.steps.length > MAX_SCRIPT_STEPS)
      fail(SCRIPT, 'too-many', { max: String(MAX_SCRIPT_STEPS), n: String(raw.steps.length) });
    const steps: ScenarioStep[] = raw.steps.map((s: unknown, i: number) => {
      const where = msg('sidebyside:error.where.step', { n: String(i + 1) });
      if (!isObject(s)) return fail(where, 'must-object');
      if (typeof s.at !== 'number' || !(s.at >= 0 && s.at <= MAX_AT))
        fail(where, 'at', { max: String(MAX_AT) });
      return { at: s.at as number, intent: intentOf(s.intent, where) };
    });
    return { ok: true, scenario: { version: 1, seed: raw.seed as number, settings, steps } };
  } catch (e) {
    if (e instanceof ScriptError) return { ok: false, error: e.said };
    throw e;
  }
}
