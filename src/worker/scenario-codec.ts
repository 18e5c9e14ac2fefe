/**
 * Scenarios as text: a JSON file and a compact URL parameter (deflate-raw, then base64url), and
 * the checks that turn a foreign or damaged one into a clear error before anything is reset.
 * Byte arrays inside intents (raw datagrams, MQTT payloads) travel as `{ "$hex": "…" }`.
 */
import type { JournalEntry } from '../sim';
import type { Intent } from './api';
import type { Scenario, ScenarioStep } from './api';
import { msg } from '../wire/msg';
import type { Msg, MsgParam } from '../wire/msg';

const INTENT_TYPES: ReadonlySet<Intent['type']> = new Set<Intent['type']>([
  'add-coap-client',
  'add-mqtt-client',
  'remove-client',
  'send',
  'send-raw',
  'mqtt-subscribe',
  'mqtt-unsubscribe',
  'mqtt-publish',
  'set-link',
  'set-device',
  'operator-call',
  'set-traffic',
  'configure',
  'clock-rate',
  'clock-step',
  'clock-advance',
  'reset',
  'load-settings',
]);

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** JSON with byte arrays as `{ "$hex": … }`, in the objects' own key order. */
function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => (v instanceof Uint8Array ? { $hex: hex(v) } : v),
    indent,
  );
}

function fromJson(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (
      v !== null &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      Object.keys(v).length === 1 &&
      typeof (v as { $hex?: unknown }).$hex === 'string'
    ) {
      const h = (v as { $hex: string }).$hex;
      if (!/^(?:[0-9a-fA-F]{2})*$/.test(h)) throw new Error(`"${h.slice(0, 20)}" is not hex`);
      return Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));
    }
    return v;
  });
}

export function scenarioToJson(s: Scenario): string {
  return toJson(s, 2);
}

export type ScenarioParse = { ok: true; scenario: Scenario } | { ok: false; error: Msg };

/** Checks a parsed value is a scenario this version can replay. */
export function validateScenario(v: unknown): ScenarioParse {
  const bad = (id: string, params?: Record<string, MsgParam>): ScenarioParse => ({
    ok: false,
    error: msg(`notices:scenario.${id}`, params),
  });
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    return bad('not-object', {
      version: 'version',
      seed: 'seed',
      settings: 'settings',
      steps: 'steps',
    });
  const o = v as Record<string, unknown>;
  if (o.version !== 1)
    return o.version === undefined
      ? bad('no-version', { field: '"version"' })
      : bad('version', { version: JSON.stringify(o.version) ?? String(o.version) });
  if (typeof o.seed !== 'number' || !Number.isSafeInteger(o.seed) || o.seed < 0)
    return bad('seed', { field: '"seed"' });
  if (typeof o.settings !== 'string') return bad('settings', { field: '"settings"' });
  if (!Array.isArray(o.steps)) return bad('steps', { field: '"steps"' });
  let previous = 0;
  const steps: ScenarioStep[] = [];
  for (const [i, step] of (o.steps as unknown[]).entries()) {
    if (step === null || typeof step !== 'object')
      return bad('step-not-object', { step: String(i + 1), at: '"at"', intent: '"intent"' });
    const { at, intent } = step as { at?: unknown; intent?: unknown };
    if (typeof at !== 'number' || !Number.isFinite(at) || at < previous)
      return bad('step-at', { step: String(i + 1), field: '"at"' });
    previous = at;
    const type = (intent as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !INTENT_TYPES.has(type as Intent['type']))
      return bad('step-intent', {
        step: String(i + 1),
        intent: JSON.stringify(type ?? null) ?? 'null',
      });
    steps.push({ at, intent: intent as Intent });
  }
  const until = o.until;
  if (
    until !== undefined &&
    (typeof until !== 'number' || !Number.isFinite(until) || until < previous)
  )
    return bad('until', { field: '"until"' });
  return {
    ok: true,
    scenario: {
      version: 1,
      seed: o.seed,
      settings: o.settings,
      steps,
      ...(until !== undefined ? { until } : {}),
    },
  };
}

export function parseScenarioJson(text: string): ScenarioParse {
  let v: unknown;
  try {
    v = fromJson(text);
  } catch (e) {
    return {
      ok: false,
      error: msg('notices:scenario.json', { error: e instanceof Error ? e.message : String(e) }),
    };
  }
  return validateScenario(v);
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream) {
  const out = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The scenario as a URL parameter value: deflate-raw of its compact JSON, base64url. */
export async function encodeScenarioParam(s: Scenario): Promise<string> {
  return base64url(
    await pipe(new TextEncoder().encode(toJson(s)), new CompressionStream('deflate-raw')),
  );
}

/** The inverse of `encodeScenarioParam`, with a clear error for a damaged or foreign value. */
export async function decodeScenarioParam(param: string): Promise<ScenarioParse> {
  if (!/^[A-Za-z0-9_-]+$/.test(param))
    return { ok: false, error: msg('notices:scenario.not-base64url') };
  let bytes: Uint8Array;
  try {
    const bin = atob(param.replace(/-/g, '+').replace(/_/g, '/'));
    bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return { ok: false, error: msg('notices:scenario.not-base64url') };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(
      await pipe(bytes, new DecompressionStream('deflate-raw')),
    );
  } catch {
    return {
      ok: false,
      error: msg('notices:scenario.damaged'),
    };
  }
  return parseScenarioJson(text);
}

/** The journal as text, deterministically: same entries, same string, byte for byte. */
export function serializeJournal(entries: readonly JournalEntry[]): string {
  return entries.map((e) => toJson(e)).join('\n');
}
