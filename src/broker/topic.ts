/**
 * MQTT 5 topic names and topic filters (MQTT 5.0 §4.7): validation and the reference matcher.
 * Levels are separated by `/`; an empty level is still a level (`/a` has two levels, `a//b` three).
 */

export type TopicErrorReason =
  | 'empty'
  | 'null-character'
  | 'too-long'
  | 'ill-formed-utf8'
  | 'wildcard-in-name'
  | 'multi-level-wildcard-misplaced'
  | 'single-level-wildcard-misplaced';

/** Why a topic is refused: the rule that says so, in MQTT's words, and what to do instead. */
export const TOPIC_RULES = {
  empty: {
    rule: 'MQTT-4.7.3-1',
    text: 'All Topic Names and Topic Filters MUST be at least one character long',
    hint: 'give at least one character, e.g. "a" or "/"',
  },
  'null-character': {
    rule: 'MQTT-4.7.3-2',
    text: 'Topic Names and Topic Filters MUST NOT include the null character (Unicode U+0000)',
    hint: 'remove the U+0000 character',
  },
  'too-long': {
    rule: 'MQTT-4.7.3-3',
    text: 'Topic Names and Topic Filters are UTF-8 Encoded Strings; they MUST NOT encode to more than 65,535 bytes',
    hint: 'shorten the topic',
  },
  'ill-formed-utf8': {
    rule: 'MQTT-1.5.4-1',
    text: 'The character data in a UTF-8 Encoded String MUST be well-formed UTF-8 and MUST NOT include encodings of code points between U+D800 and U+DFFF',
    hint: 'remove the unpaired surrogate',
  },
  'wildcard-in-name': {
    rule: 'MQTT-4.7.1-1',
    text: 'The wildcard characters can be used in Topic Filters, but MUST NOT be used within a Topic Name',
    hint: 'publish to a name without "+" or "#"; wildcards belong in subscriptions',
  },
  'multi-level-wildcard-misplaced': {
    rule: 'MQTT-4.7.1-2',
    text: 'The multi-level wildcard character MUST be specified either on its own or following a topic level separator. In either case it MUST be the last character specified in the Topic Filter',
    hint: 'use "#" only as the whole last level, e.g. "a/#"',
  },
  'single-level-wildcard-misplaced': {
    rule: 'MQTT-4.7.1-3',
    text: 'The single-level wildcard can be used at any level in the Topic Filter, including first and last levels. Where it is used, it MUST occupy an entire level of the filter',
    hint: 'use "+" as a whole level, e.g. "a/+/c"',
  },
} as const satisfies Record<TopicErrorReason, { rule: string; text: string; hint: string }>;

export type TopicCheck = { ok: true } | { ok: false; error: string; reason: TopicErrorReason };

/** MQTT 5.0 §1.5.4: a UTF-8 Encoded String carries a two-byte length, so at most 65,535 bytes. */
export const MAX_TOPIC_BYTES = 65_535;

const OK: TopicCheck = { ok: true };

function fail(kind: 'name' | 'filter', topic: string, reason: TopicErrorReason): TopicCheck {
  const r = TOPIC_RULES[reason];
  const shown = topic.length > 60 ? `${topic.slice(0, 57)}...` : topic;
  return {
    ok: false,
    reason,
    error: `${JSON.stringify(shown)} is not a valid topic ${kind}: ${r.text} [${r.rule}]; ${r.hint}.`,
  };
}

/**
 * The checks names and filters share, in one pass over the UTF-16 code units: non-empty
 * [MQTT-4.7.3-1], no U+0000 [MQTT-4.7.3-2], well-formed [MQTT-1.5.4-1], ≤ 65,535 UTF-8 bytes
 * [MQTT-4.7.3-3]. Returns the reason or undefined.
 */
function checkString(topic: string): TopicErrorReason | undefined {
  const n = topic.length;
  if (n === 0) return 'empty';
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const c = topic.charCodeAt(i);
    if (c < 0x80) {
      if (c === 0) return 'null-character';
      bytes += 1;
    } else if (c < 0x800) {
      bytes += 2;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < n ? topic.charCodeAt(i + 1) : 0;
      if (d < 0xdc00 || d > 0xdfff) return 'ill-formed-utf8';
      bytes += 4;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return 'ill-formed-utf8';
    } else {
      bytes += 3;
    }
  }
  return bytes > MAX_TOPIC_BYTES ? 'too-long' : undefined;
}

export interface TopicNameOptions {
  /**
   * Accept `+` and `#` as ordinary characters (only emptiness, U+0000, UTF-8 and length are
   * checked). The reference gateway does not validate wildcards in CoAP publish topics: `POST
   * ps/a/+` publishes a message literally named `a/+` (gateway-behaviour §1.8). Defaults to false.
   */
  allowWildcards?: boolean;
}

/** A topic name, as a PUBLISH carries it (MQTT 5.0 §4.7.3, [MQTT-3.3.2-2]). */
export function validateTopicName(name: string, opts?: TopicNameOptions): TopicCheck {
  const reason = checkString(name);
  if (reason) return fail('name', name, reason);
  if (!opts?.allowWildcards && (name.includes('+') || name.includes('#'))) {
    return fail('name', name, 'wildcard-in-name');
  }
  return OK;
}

/** A topic filter, as a SUBSCRIBE carries it (MQTT 5.0 §4.7.1, §4.7.3). */
export function validateTopicFilter(filter: string): TopicCheck {
  const reason = checkString(filter);
  if (reason) return fail('filter', filter, reason);
  const levels = filter.split('/');
  const last = levels.length - 1;
  for (let i = 0; i <= last; i++) {
    const level = levels[i];
    if (level.includes('#') && (level !== '#' || i !== last)) {
      return fail('filter', filter, 'multi-level-wildcard-misplaced');
    }
    if (level.includes('+') && level !== '+') {
      return fail('filter', filter, 'single-level-wildcard-misplaced');
    }
  }
  return OK;
}

/**
 * The naive reference matcher: does `filter` (assumed valid) match the topic `name`?
 * - `+` matches exactly one level, which may be empty (`+/abc` matches `/abc`);
 * - `#` matches the remaining levels, including none: `a/#` matches `a` ("the multi-level
 *   wildcard represents the parent and any number of child levels", MQTT 5.0 §4.7.1.2);
 * - a filter starting with `+` or `#` never matches a name starting with `$` [MQTT-4.7.2-1];
 * - the name's levels are plain strings: a name `a/+` (published with wildcards allowed,
 *   gateway-behaviour §1.8) is matched by `a/+`, `a/#` and `#`, and not by `a/b`.
 * The broker matches through `TopicTrie`; this is the definition the trie is tested against.
 */
export function topicMatches(filter: string, name: string): boolean {
  if (name.charCodeAt(0) === 0x24 /* $ */) {
    const f0 = filter.charCodeAt(0);
    if (f0 === 0x2b /* + */ || f0 === 0x23 /* # */) return false;
  }
  const f = filter.split('/');
  const n = name.split('/');
  const last = f.length - 1;
  for (let i = 0; i <= last; i++) {
    if (f[i] === '#' && i === last) return true;
    if (i >= n.length) return false;
    if (f[i] !== '+' && f[i] !== n[i]) return false;
  }
  return f.length === n.length;
}

/** Whether a filter contains a wildcard level (`+` or `#`). */
export function isWildcardFilter(filter: string): boolean {
  return filter.includes('+') || filter.includes('#');
}
