// Every lesson says every step in every language: a step added without its words (or an action
// without its label) fails here, and so does a message naming a value the step does not give.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { LANGUAGES } from '../i18n/languages';
import { i18n } from '../i18n/i18n';
import { LESSONS } from './lessons';
import { lessonKeys, stepKey, stepValues } from './words';

const locales = join(import.meta.dirname, '..', 'i18n', 'locales');
const catalogue = (lng: string) =>
  JSON.parse(readFileSync(join(locales, lng, 'lessons.json'), 'utf8')) as Record<string, string>;

/** The arguments a message names, at any depth. */
function argumentsOf(message: string): string[] {
  const out = new Set<string>();
  const walk = (els: MessageFormatElement[]) => {
    for (const el of els) {
      if (el.type === TYPE.argument) out.add(el.value);
      if (el.type === TYPE.tag) walk(el.children);
      if (el.type === TYPE.plural || el.type === TYPE.select) {
        out.add(el.value);
        for (const o of Object.values(el.options)) walk(o.value);
      }
    }
  };
  walk(parse(message));
  return [...out];
}

describe("the lessons' words", () => {
  for (const lng of LANGUAGES) {
    const messages = catalogue(lng);

    it(`${lng}: every lesson has its title and summary, every step its title, instruction, explanation and action label`, () => {
      const missing = LESSONS.flatMap(lessonKeys)
        .map((k) => k.slice('lessons:'.length))
        .filter((k) => !messages[k]?.trim());
      expect(missing).toEqual([]);
    });

    it(`${lng}: no words for a lesson or a step that does not exist`, () => {
      const needed = new Set(LESSONS.flatMap(lessonKeys).map((k) => k.slice('lessons:'.length)));
      const ids = new Set(LESSONS.map((l) => l.id));
      const orphans = Object.keys(messages).filter(
        (k) => ids.has(k.split('.')[0]) && !needed.has(k),
      );
      expect(orphans).toEqual([]);
    });

    it(`${lng}: a step's words name only the values the step gives`, () => {
      const wrong: string[] = [];
      for (const l of LESSONS)
        for (const s of l.steps) {
          const given = Object.keys(stepValues(i18n.t, s));
          for (const part of ['title', 'instruction', 'explanation', 'action'] as const) {
            const text = messages[stepKey(l, s, part).slice('lessons:'.length)];
            if (text === undefined) continue;
            for (const a of argumentsOf(text))
              if (!given.includes(a)) wrong.push(`${l.id}.${s.id}.${part}: {${a}}`);
          }
        }
      expect(wrong).toEqual([]);
    });
  }

  it('a step reads in English with its wire data in place', () => {
    const l = LESSONS.find((x) => x.id === 'connection-lifecycle');
    const s = l?.steps.find((x) => x.id === 'heartbeat');
    if (!l || !s) throw new Error('the connection-mode lesson has a heartbeat step');
    expect(i18n.t(stepKey(l, s, 'instruction'), stepValues(i18n.t, s))).toBe(
      'Use the "Heartbeat" preset: <c>PUT mqtt/connection?clientid=123&token=<token></c>.',
    );
  });
});
