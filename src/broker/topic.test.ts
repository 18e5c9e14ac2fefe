import { describe, expect, it } from 'vitest';
import {
  topicMatches,
  validateTopicFilter,
  validateTopicName,
  type TopicErrorReason,
} from './topic';

const long = (bytes: number) => 'a'.repeat(bytes);

describe('topic names', () => {
  it.each([
    ['a/b/c'],
    ['/'],
    ['a//b'],
    ['/leading'],
    ['trailing/'],
    ['$SYS/broker/uptime'],
    ['sport tennis'],
    ['温度/客厅'],
    ['emoji/😀'],
    [long(65_535)],
  ])('accepts %j', (name) => {
    expect(validateTopicName(name)).toEqual({ ok: true });
  });

  it.each<[string, string, TopicErrorReason, string]>([
    ['an empty name', '', 'empty', 'MQTT-4.7.3-1'],
    ['a + level', 'a/+', 'wildcard-in-name', 'MQTT-4.7.1-1'],
    ['a # level', 'a/#', 'wildcard-in-name', 'MQTT-4.7.1-1'],
    ['a + inside a level', 'a+b', 'wildcard-in-name', 'MQTT-4.7.1-1'],
    ['U+0000', 'a\u0000b', 'null-character', 'MQTT-4.7.3-2'],
    ['65,536 bytes', long(65_536), 'too-long', 'MQTT-4.7.3-3'],
    ['32,768 two-byte characters (65,536 bytes)', 'é'.repeat(32_768), 'too-long', 'MQTT-4.7.3-3'],
    ['an unpaired high surrogate', 'a\ud800', 'ill-formed-utf8', 'MQTT-1.5.4-1'],
    ['an unpaired low surrogate', '\udc00/a', 'ill-formed-utf8', 'MQTT-1.5.4-1'],
  ])('refuses %s, citing the rule', (_, name, reason, rule) => {
    const r = validateTopicName(name);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe(reason);
    expect(r.error).toContain(`[${rule}]`);
  });

  it('says in MQTT words why a wildcard cannot be published and what to do', () => {
    const r = validateTopicName('a/+');
    expect(r).toMatchObject({
      ok: false,
      error:
        '"a/+" is not a valid topic name: The wildcard characters can be used in Topic Filters, but MUST NOT be used within a Topic Name [MQTT-4.7.1-1]; publish to a name without "+" or "#"; wildcards belong in subscriptions.',
    });
  });

  it('accepts wildcard characters as plain text when the CoAP gateway asks (gateway-behaviour §1.8)', () => {
    const opts = { allowWildcards: true };
    expect(validateTopicName('a/+', opts).ok).toBe(true);
    expect(validateTopicName('#', opts).ok).toBe(true);
    expect(validateTopicName('', opts)).toMatchObject({ ok: false, reason: 'empty' });
    expect(validateTopicName('a\u0000', opts)).toMatchObject({
      ok: false,
      reason: 'null-character',
    });
    expect(validateTopicName(long(65_536), opts)).toMatchObject({ ok: false, reason: 'too-long' });
  });
});

describe('topic filters', () => {
  it.each([
    ['a/b'],
    ['#'],
    ['+'],
    ['a/#'],
    ['+/+'],
    ['/+'],
    ['+/tennis/#'],
    ['sport/+/player1'],
    ['$SYS/#'],
    ['a//b'],
    ['/'],
  ])('accepts %j', (filter) => {
    expect(validateTopicFilter(filter)).toEqual({ ok: true });
  });

  it.each<[string, string, TopicErrorReason, string]>([
    ['an empty filter', '', 'empty', 'MQTT-4.7.3-1'],
    ['# before the last level', 'a/#/b', 'multi-level-wildcard-misplaced', 'MQTT-4.7.1-2'],
    ['# sharing its level', 'a/b#', 'multi-level-wildcard-misplaced', 'MQTT-4.7.1-2'],
    ['# not after a separator', 'sport/tennis#', 'multi-level-wildcard-misplaced', 'MQTT-4.7.1-2'],
    ['## as a level', '##', 'multi-level-wildcard-misplaced', 'MQTT-4.7.1-2'],
    ['+ sharing its level', 'sport+', 'single-level-wildcard-misplaced', 'MQTT-4.7.1-3'],
    ['+ inside a level', 'a/b+c/d', 'single-level-wildcard-misplaced', 'MQTT-4.7.1-3'],
    ['++ as a level', 'a/++', 'single-level-wildcard-misplaced', 'MQTT-4.7.1-3'],
    ['U+0000', 'a/\u0000', 'null-character', 'MQTT-4.7.3-2'],
    ['65,536 bytes', long(65_536), 'too-long', 'MQTT-4.7.3-3'],
  ])('refuses %s, citing the rule', (_, filter, reason, rule) => {
    const r = validateTopicFilter(filter);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe(reason);
    expect(r.error).toContain(`[${rule}]`);
  });
});

describe('matching a filter against a name', () => {
  it.each<[string, string, boolean]>([
    // exact levels
    ['a/b', 'a/b', true],
    ['a/b', 'a/c', false],
    ['a/b', 'a/b/c', false],
    ['a/b/c', 'a/b', false],
    // + is exactly one level
    ['sport/tennis/+', 'sport/tennis/player1', true],
    ['sport/tennis/+', 'sport/tennis/player1/ranking', false],
    ['sport/+', 'sport', false],
    ['sport/+', 'sport/', true],
    ['+/+', '/finance', true],
    ['/+', '/finance', true],
    ['+', '/finance', false],
    // # is the rest, including the parent level
    ['sport/#', 'sport', true],
    ['a/#', 'a', true],
    ['a/#', 'a/', true],
    ['a/#', 'a/b/c', true],
    ['a/#', 'ab', false],
    ['a/b/#', 'a', false],
    ['#', 'a/b/c', true],
    ['#', '/', true],
    ['+/#', 'a', true],
    // empty levels are levels
    ['+/abc', '/abc', true],
    ['/abc', '/abc', true],
    ['abc', '/abc', false],
    ['a//b', 'a//b', true],
    ['a/+/b', 'a//b', true],
    ['a/b', 'a//b', false],
    ['a/#', 'a//b', true],
    // $-topics are not matched by a leading wildcard [MQTT-4.7.2-1]
    ['#', '$SYS/x', false],
    ['+/x', '$SYS/x', false],
    ['+', '$SYS', false],
    ['$SYS/#', '$SYS/x', true],
    ['$SYS/#', '$SYS', true],
    ['$SYS/+', '$SYS/x', true],
    ['$SYS/x', '$SYS/x', true],
    ['a/#', 'a/$SYS', true],
    ['+/$x', 'a/$x', true],
    // case matters, nothing is normalised
    ['ACCOUNTS', 'Accounts', false],
  ])('%j against %j: %s', (filter, name, expected) => {
    expect(topicMatches(filter, name)).toBe(expected);
  });

  it.each<[string, string, boolean]>([
    ['a/+', 'a/+', true],
    ['#', 'a/+', true],
    ['a/#', 'a/+', true],
    ['a/b', 'a/+', false],
    ['a/+', 'a/#', true],
    ['a', 'a/#', false],
  ])('treats a wildcard in a published name as plain text: %j against %j: %s', (f, n, want) => {
    expect(topicMatches(f, n)).toBe(want);
  });
});
