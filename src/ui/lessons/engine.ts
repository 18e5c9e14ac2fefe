/**
 * How lessons work: a step says what to do, checks from the journal that the learner did it, and
 * explains what happened on the wire. A check is a pure function over the journal entries of the
 * lesson's world (oldest first); steps are done in order, each proved by an entry later than the
 * one that proved the step before.
 */
import type { GatewayEvent } from '../../gateway';
import type { JournalEntry, WorldEvent } from '../../sim';
import type { Intent } from '../../worker/api';

/** The simulated CoAP client every lesson sends from, and the MQTT client some add. */
export const LESSON_CLIENT = 'device';
export const LESSON_MQTT_CLIENT = 'app';

export interface Proof {
  /** The journal entry that proved the step. */
  seq: number;
  /** The datagram that shows it on the wire, when there is one (the packet to select). */
  packet?: number;
}

/**
 * A step. Its words are catalogue messages keyed by the lesson's and the step's id (words.ts):
 * a title (what to do, in one line), an instruction (how, with the playground's controls), an
 * explanation (what happened on the wire, shown once done) and, with an action, its label.
 */
export interface LessonStep {
  id: string;
  /**
   * The proof that it was done, among `entries` (all later than the previous step's proof);
   * `history` is the lesson's whole journal, for what earlier steps did (the token issued).
   */
  check: (entries: readonly JournalEntry[], history: readonly JournalEntry[]) => Proof | undefined;
  /** Wire data the step's words show as they are (a command, a JSON body), by placeholder name. */
  data?: Readonly<Record<string, string>>;
  /** A one-click way to do the step: intents for the worker, built from what happened so far. */
  action?: { intents: (entries: readonly JournalEntry[]) => Intent[] };
}

/** A lesson; its title and summary are catalogue messages keyed by its id (words.ts). */
export interface Lesson {
  id: string;
  /** Gateway settings as a page query; starting the lesson loads them into a fresh world. */
  settings: string;
  steps: LessonStep[];
}

// ─── journal helpers ───────────────────────────────────────────────────────

type GatewayOf<K extends GatewayEvent['kind']> = Extract<GatewayEvent, { kind: K }>;
type WorldOf<K extends WorldEvent['kind']> = Extract<WorldEvent, { kind: K }>;

/** The first datagram at or after entry `i` at the same virtual time: what showed it on the wire. */
function packetAfter(entries: readonly JournalEntry[], i: number): number | undefined {
  const at = entries[i].at;
  for (let j = i; j < entries.length && entries[j].at === at; j++)
    if (entries[j].kind === 'datagram') return entries[j].seq;
  return undefined;
}

export function proofAt(entries: readonly JournalEntry[], i: number): Proof {
  return { seq: entries[i].seq, packet: packetAfter(entries, i) };
}

/** The first gateway event of `kind` that satisfies `ok`. */
export function gatewayEvent<K extends GatewayEvent['kind']>(
  kind: K,
  ok: (e: GatewayOf<K>) => boolean = () => true,
) {
  return (entries: readonly JournalEntry[]): Proof | undefined => {
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (e.kind === 'gateway' && e.event.kind === kind && ok(e.event as GatewayOf<K>))
        return proofAt(entries, i);
    }
    return undefined;
  };
}

export function worldEvent<K extends WorldEvent['kind']>(
  kind: K,
  ok: (e: WorldOf<K>) => boolean = () => true,
) {
  return (entries: readonly JournalEntry[]): Proof | undefined => {
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (e.kind === 'world' && e.event.kind === kind && ok(e.event as WorldOf<K>))
        return proofAt(entries, i);
    }
    return undefined;
  };
}

/** `2.04` → 68: a CoAP code as the number the journal carries. */
export const codeNumber = (dotted: string): number => {
  const [c, d] = dotted.split('.').map(Number);
  return c * 32 + d;
};

/** A gateway `request` summary, `CON POST /ps/coap/test?c=123 token=…`, taken apart. */
export function parseRequestSummary(
  summary: string,
): { type: string; method: string; path: string; query: URLSearchParams } | undefined {
  const m = /^(CON|NON) (\S+) (\S+)/.exec(summary);
  if (!m) return undefined;
  const [path, query = ''] = m[3].split('?');
  return { type: m[1], method: m[2], path, query: new URLSearchParams(query) };
}

/** The gateway answered a request of `method` on a path starting with `path` with `code`. */
export function answered(
  method: string,
  path: string,
  code: string,
  also: (query: URLSearchParams) => boolean = () => true,
) {
  return gatewayEvent('request', (e) => {
    const r = parseRequestSummary(e.summary);
    return (
      !!r &&
      r.method === method &&
      r.path.startsWith(path) &&
      e.code === codeNumber(code) &&
      also(r.query)
    );
  });
}

/** The query of the request the gateway handled just before entry `index` (for `published` etc.). */
export function queryBefore(
  entries: readonly JournalEntry[],
  index: number,
): URLSearchParams | undefined {
  for (let j = index - 1; j >= 0; j--) {
    const e = entries[j];
    if (e.kind === 'datagram' && e.direction === 'to-gateway' && e.summary.path) {
      const q = e.summary.path.split('?')[1];
      return new URLSearchParams(q ?? '');
    }
  }
  return undefined;
}

/** The token the gateway issued last (from its `connected` event), or a placeholder. */
export function lastToken(entries: readonly JournalEntry[]): string {
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i];
    if (e.kind === 'gateway' && e.event.kind === 'connected') return e.event.token;
  }
  return 'TOKEN';
}

/** Every token the gateway issued in `entries` (its `connected` events), oldest first. */
export function issuedTokens(entries: readonly JournalEntry[]): string[] {
  const out: string[] = [];
  for (const e of entries)
    if (e.kind === 'gateway' && e.event.kind === 'connected') out.push(e.event.token);
  return out;
}

/** The token a request's query carries (`token`, or its short name `t`). */
export const queryToken = (q: URLSearchParams): string | undefined =>
  q.get('t') ?? q.get('token') ?? undefined;

/**
 * How far the learner got: for each step, its proof, or none. A step is looked for only after
 * the previous one is done, among the entries after the previous proof.
 */
export function progress(lesson: Lesson, entries: readonly JournalEntry[]): (Proof | undefined)[] {
  const out: (Proof | undefined)[] = [];
  let after = 0;
  let blocked = false;
  for (const step of lesson.steps) {
    if (blocked) {
      out.push(undefined);
      continue;
    }
    const from = entries.findIndex((e) => e.seq > after);
    const proof = from < 0 ? undefined : step.check(entries.slice(from), entries);
    out.push(proof);
    if (proof) after = proof.seq;
    else blocked = true;
  }
  return out;
}

/**
 * What starting a lesson dispatches: its settings in a fresh world, its client, and a paused
 * clock, so nothing expires while the learner reads; the steps move time on purpose.
 */
export function setupIntents(lesson: Lesson): Intent[] {
  return [
    { type: 'load-settings', query: `?${lesson.settings}` },
    { type: 'clock-rate', rate: 0 },
    { type: 'add-coap-client', name: LESSON_CLIENT },
  ];
}
