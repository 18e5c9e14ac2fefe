/**
 * The side-by-side script as editable JSON: the `Scenario` format, with payloads and tokens as
 * text instead of bytes. Parsing checks every field and says which one is wrong.
 */
import type { Intent } from '../../worker/api';
import type { Scenario, ScenarioStep } from '../../worker/api';

/** Steps and time a pasted script may have (the worker enforces the same bounds). */
export const MAX_SCRIPT_STEPS = 200;
const MAX_AT = 24 * 3600_000;
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;

const dec = new TextDecoder();
const enc = new TextEncoder();

/** The script as pretty JSON, bytes shown as text. */
export function scriptToJson(s: Scenario): string {
  return JSON.stringify(s, (_k, v: unknown) => (v instanceof Uint8Array ? dec.decode(v) : v), 2);
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

class ScriptError extends Error {}
const fail = (where: string, what: string): never => {
  throw new ScriptError(`${where}: ${what}`);
};
const str = (o: Json, key: string, where: string): string =>
  typeof o[key] === 'string' ? (o[key] as string) : fail(where, `"${key}" must be a string`);
const optText = (o: Json, key: string, where: string): Uint8Array | undefined =>
  o[key] === undefined ? undefined : enc.encode(str(o, key, where));
const qos = (v: unknown, where: string): 0 | 1 | 2 =>
  v === 0 || v === 1 || v === 2 ? v : fail(where, '"qos" must be 0, 1 or 2');

function intentOf(v: unknown, where: string): Intent {
  if (!isObject(v)) return fail(where, '"intent" must be an object');
  switch (v.type) {
    case 'add-coap-client':
      return { type: 'add-coap-client', name: str(v, 'name', where) };
    case 'add-mqtt-client':
      return { type: 'add-mqtt-client', clientId: str(v, 'clientId', where) };
    case 'remove-client':
      return { type: 'remove-client', name: str(v, 'name', where) };
    case 'send': {
      const spec = v.spec;
      if (!isObject(spec)) return fail(where, '"spec" must be an object');
      const method = str(spec, 'method', where);
      if (!(METHODS as readonly string[]).includes(method))
        fail(where, `"method" must be one of ${METHODS.join(', ')}`);
      if (spec.observe !== undefined && spec.observe !== 0 && spec.observe !== 1)
        fail(where, '"observe" must be 0 or 1');
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
      if (!isObject(l)) return fail(where, '"link" must be an object');
      const num = (k: string) =>
        typeof l[k] === 'number' ? (l[k] as number) : fail(where, `"link.${k}" must be a number`);
      return {
        type: 'set-link',
        client: str(v, 'client', where),
        link: { loss: num('loss'), delay: num('delay'), duplicate: num('duplicate') },
      };
    }
    case 'clock-advance':
      if (typeof v.ms !== 'number' || !(v.ms > 0)) fail(where, '"ms" must be a positive number');
      return { type: 'clock-advance', ms: v.ms as number };
    default:
      return fail(
        where,
        `"type" must be one of add-coap-client, add-mqtt-client, remove-client, send, mqtt-subscribe, mqtt-unsubscribe, mqtt-publish, set-link, clock-advance (got ${JSON.stringify(v.type)})`,
      );
  }
}

/** A script from JSON text, or what is wrong with it and where. */
export function parseScript(
  text: string,
): { ok: true; scenario: Scenario } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  try {
    if (!isObject(raw)) return fail('the script', 'must be a JSON object');
    if (raw.version !== 1) fail('the script', '"version" must be 1');
    if (!Number.isSafeInteger(raw.seed)) fail('the script', '"seed" must be an integer');
    const settings = raw.settings === undefined ? '' : str(raw, 'settings', 'the script');
    if (!Array.isArray(raw.steps)) return fail('the script', '"steps" must be an array');
    if (raw.steps.length > MAX_SCRIPT_STEPS)
      fail('the script', `at most ${MAX_SCRIPT_STEPS} steps (it has ${raw.steps.length})`);
    const steps: ScenarioStep[] = raw.steps.map((s: unknown, i: number) => {
      const where = `step ${i + 1}`;
      if (!isObject(s)) return fail(where, 'must be an object');
      if (typeof s.at !== 'number' || !(s.at >= 0 && s.at <= MAX_AT))
        fail(where, `"at" must be a time in ms from 0 to ${MAX_AT}`);
      return { at: s.at as number, intent: intentOf(s.intent, where) };
    });
    return { ok: true, scenario: { version: 1, seed: raw.seed as number, settings, steps } };
  } catch (e) {
    if (e instanceof ScriptError) return { ok: false, error: e.message };
    throw e;
  }
}
