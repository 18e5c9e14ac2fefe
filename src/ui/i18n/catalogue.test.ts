// The catalogues are one set of messages in every language: same keys, same placeholders, valid
// ICU, and every message the code names exists.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { LANGUAGES } from './languages';

const here = import.meta.dirname;
const root = join(here, '..', '..', '..');
const locales = join(here, 'locales');

type Catalogue = Record<string, Record<string, string>>;

function read(lng: string): Catalogue {
  const out: Catalogue = {};
  for (const f of readdirSync(join(locales, lng)).filter((f) => f.endsWith('.json')))
    out[f.slice(0, -5)] = JSON.parse(readFileSync(join(locales, lng, f), 'utf8')) as Record<
      string,
      string
    >;
  return out;
}

/**
 * A message's placeholder names and its tags (`<c>`). Names, not kinds: a language may print a
 * count as `{n}` beside a plural, or only as `#` inside one.
 */
function shape(message: string): string[] {
  const found = new Set<string>();
  const walk = (els: MessageFormatElement[]) => {
    for (const el of els) {
      if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
      found.add(el.type === TYPE.tag ? `<${el.value}>` : el.value);
      if (el.type === TYPE.plural || el.type === TYPE.select)
        for (const o of Object.values(el.options)) walk(o.value);
      if (el.type === TYPE.tag) walk(el.children);
    }
  };
  walk(parse(message));
  return [...found].sort();
}

const catalogues = Object.fromEntries(LANGUAGES.map((l) => [l, read(l)])) as Record<
  string,
  Catalogue
>;
const en = catalogues.en;

describe('catalogues', () => {
  for (const lng of LANGUAGES.filter((l) => l !== 'en')) {
    const other = catalogues[lng];
    it(`${lng} has the namespaces and keys English has, and no others`, () => {
      expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
      for (const ns of Object.keys(en))
        expect(Object.keys(other[ns] ?? {}).sort(), ns).toEqual(Object.keys(en[ns]).sort());
    });
    it(`${lng} messages have the placeholders and tags of their English`, () => {
      const differ: string[] = [];
      for (const [ns, messages] of Object.entries(en))
        for (const [key, text] of Object.entries(messages)) {
          const theirs = other[ns]?.[key];
          if (theirs === undefined) continue;
          if (shape(text).join() !== shape(theirs).join())
            differ.push(`${ns}:${key}: ${shape(text).join()} ≠ ${shape(theirs).join()}`);
        }
      expect(differ).toEqual([]);
    });
  }

  it('every message is valid ICU, not empty, and a plural has an `other`', () => {
    const bad: string[] = [];
    for (const lng of LANGUAGES)
      for (const [ns, messages] of Object.entries(catalogues[lng]))
        for (const [key, text] of Object.entries(messages)) {
          if (typeof text !== 'string' || text.trim() === '') {
            bad.push(`${lng} ${ns}:${key} is empty`);
            continue;
          }
          // In ICU an apostrophe before a brace quotes it: `'{topic}'` would print "{topic}".
          if (/'[{}]/.test(text)) bad.push(`${lng} ${ns}:${key} quotes a brace with an apostrophe`);
          try {
            const els = parse(text);
            const plurals = (xs: MessageFormatElement[]): boolean =>
              xs.every(
                (el) =>
                  (el.type !== TYPE.plural || 'other' in el.options) &&
                  (el.type !== TYPE.plural && el.type !== TYPE.select
                    ? el.type !== TYPE.tag || plurals(el.children)
                    : Object.values(el.options).every((o) => plurals(o.value))),
              );
            if (!plurals(els)) bad.push(`${lng} ${ns}:${key} has a plural without other`);
          } catch (e) {
            bad.push(`${lng} ${ns}:${key}: ${(e as Error).message}`);
          }
        }
    expect(bad).toEqual([]);
  });

  it('every message id the code names is in the catalogue', () => {
    const namespaces = Object.keys(en);
    const id = new RegExp(`['"\`](${namespaces.join('|')}):([A-Za-z0-9_.\\-]+)['"\`]`, 'g');
    const missing: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, e.name);
        if (e.isDirectory()) walk(path);
        else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
          for (const m of readFileSync(path, 'utf8').matchAll(id))
            if (en[m[1]]?.[m[2]] === undefined)
              missing.push(`${relative(root, path)}: ${m[1]}:${m[2]}`);
      }
    };
    walk(join(root, 'src'));
    expect(missing).toEqual([]);
  });
});
