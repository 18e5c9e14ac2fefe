import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topicMatches } from './topic';
import { TopicTrie } from './trie';

const keysOf = (entries: Array<{ filter: string; key: string }>) =>
  entries.map((e) => `${e.filter} ${e.key}`).sort();

// Small alphabets so that random filters and names collide often.
const nameLevel = fc.constantFrom('a', 'b', '', '$SYS', '$x', 'c');
const filterLevel = fc.constantFrom('a', 'b', '', '$SYS', '+', '+');
const nameArb = fc.array(nameLevel, { minLength: 1, maxLength: 5 }).map((l) => l.join('/'));
/** Names as a CoAP publish may carry them: `+` and `#` levels as plain text (gateway-behaviour §1.8). */
const wildcardNameArb = fc
  .array(fc.constantFrom('a', 'b', '', '+', '#', '$SYS'), { minLength: 1, maxLength: 5 })
  .map((l) => l.join('/'));
const filterArb = fc
  .tuple(fc.array(filterLevel, { minLength: 0, maxLength: 5 }), fc.boolean())
  .filter(([levels, hash]) => levels.length > 0 || hash)
  .map(([levels, hash]) => (hash ? [...levels, '#'] : levels).join('/'));
const subsArb = fc.array(fc.tuple(filterArb, fc.constantFrom('k1', 'k2', 'k3')), {
  maxLength: 40,
});

describe('TopicTrie', () => {
  it('finds the subscriptions whose filters match a name', () => {
    const t = new TopicTrie<number>();
    t.add('a/b', 's1', 1);
    t.add('a/+', 's2', 2);
    t.add('a/#', 's3', 3);
    t.add('#', 's4', 4);
    t.add('b/#', 's5', 5);
    expect(keysOf(t.match('a/b'))).toEqual(['# s4', 'a/# s3', 'a/+ s2', 'a/b s1']);
    expect(keysOf(t.match('a'))).toEqual(['# s4', 'a/# s3']);
  });

  it('returns each (filter, key) once and replaces the value when added again', () => {
    const t = new TopicTrie<string>();
    t.add('a/+', 'k', 'old');
    t.add('a/+', 'k', 'new');
    expect(t.size).toBe(1);
    expect(t.match('a/x')).toEqual([{ filter: 'a/+', key: 'k', value: 'new' }]);
  });

  it('keeps one entry per key on the same filter', () => {
    const t = new TopicTrie<number>();
    t.add('a', 'k1', 1);
    t.add('a', 'k2', 2);
    expect(t.size).toBe(2);
    expect(keysOf(t.match('a'))).toEqual(['a k1', 'a k2']);
  });

  it('does not match $-topics with a leading wildcard', () => {
    const t = new TopicTrie<number>();
    t.add('#', 'k', 1);
    t.add('+/x', 'k', 2);
    t.add('$SYS/#', 'k', 3);
    expect(keysOf(t.match('$SYS/x'))).toEqual(['$SYS/# k']);
  });

  it('matches a name with a literal + level only by +, # and the same text', () => {
    const t = new TopicTrie<number>();
    for (const f of ['a/+', '#', 'a/#', 'a/b']) t.add(f, 'k', 0);
    expect(keysOf(t.match('a/+'))).toEqual(['# k', 'a/# k', 'a/+ k']);
  });

  it('treats empty levels as levels', () => {
    const t = new TopicTrie<number>();
    for (const f of ['+/abc', 'abc', '/abc', 'a//b', 'a/b']) t.add(f, 'k', 0);
    expect(keysOf(t.match('/abc'))).toEqual(['+/abc k', '/abc k']);
    expect(keysOf(t.match('a//b'))).toEqual(['a//b k']);
  });

  it('removes a pair, reports whether it was there, and prunes empty nodes', () => {
    const t = new TopicTrie<number>();
    t.add('a/b/c', 'k', 1);
    t.add('a/+/#', 'k', 2);
    expect(t.nodeCount).toBe(5); // root, a, b, c, +
    expect(t.remove('a/b/c', 'other')).toBe(false);
    expect(t.remove('a/x/c', 'k')).toBe(false);
    expect(t.remove('a/b/c', 'k')).toBe(true);
    expect(t.remove('a/b/c', 'k')).toBe(false);
    expect(t.nodeCount).toBe(3); // root, a, +
    expect(t.remove('a/+/#', 'k')).toBe(true);
    expect(t.size).toBe(0);
    expect(t.nodeCount).toBe(1);
  });

  it('handles names with thousands of levels', () => {
    const t = new TopicTrie<number>();
    const deep = Array.from({ length: 20_000 }, () => 'x').join('/');
    t.add('x/#', 'k', 1);
    t.add(deep, 'k', 2);
    expect(t.match(deep)).toHaveLength(2);
  });

  it('agrees with the naive matcher on random filters and names', () => {
    fc.assert(
      fc.property(
        subsArb,
        fc.array(fc.oneof(nameArb, wildcardNameArb), { minLength: 1 }),
        (subs, names) => {
          const t = new TopicTrie<null>();
          for (const [f, k] of subs) t.add(f, k, null);
          const unique = new Set(subs.map(([f, k]) => `${f} ${k}`));
          expect(t.size).toBe(unique.size);
          for (const name of names) {
            const naive = [...unique].filter((s) =>
              topicMatches(s.slice(0, s.lastIndexOf(' ')), name),
            );
            expect(keysOf(t.match(name))).toEqual(naive.sort());
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('still agrees after random removals, and is back to one node when all are removed', () => {
    fc.assert(
      fc.property(subsArb, fc.array(fc.boolean()), nameArb, (subs, drop, name) => {
        const t = new TopicTrie<null>();
        for (const [f, k] of subs) t.add(f, k, null);
        const kept = new Set(subs.map(([f, k]) => `${f} ${k}`));
        subs.forEach(([f, k], i) => {
          if (drop[i]) {
            expect(t.remove(f, k)).toBe(kept.delete(`${f} ${k}`));
          }
        });
        const naive = [...kept].filter((s) => topicMatches(s.slice(0, s.lastIndexOf(' ')), name));
        expect(keysOf(t.match(name))).toEqual(naive.sort());
        for (const [f, k] of subs) t.remove(f, k);
        expect(t.size).toBe(0);
        expect(t.nodeCount).toBe(1);
      }),
      { numRuns: 500 },
    );
  });

  it('lists all entries', () => {
    const t = new TopicTrie<number>();
    t.add('#', 'a', 1);
    t.add('x/+', 'b', 2);
    t.add('x/y', 'c', 3);
    expect(keysOf(t.entries())).toEqual(['# a', 'x/+ b', 'x/y c']);
  });
});
