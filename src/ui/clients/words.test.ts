// The Clients panel's words computed outside its components (a link's summary, a device's
// behaviour), and the panels' self-closing tags (where data goes), which ICU reads as text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { i18n, loadLanguage } from '../i18n/i18n';
import { linkSummary } from './LinkEditor';
import { describe as describeDevice } from './DeviceEditor';

await loadLanguage('zh-CN');
await loadLanguage('en');
const en = i18n.getFixedT('en');
const zh = i18n.getFixedT('zh-CN');

describe('a link in a few words', () => {
  it('is the English it was, and Chinese', () => {
    const link = { loss: 0.1, delay: 200, duplicate: 0.05 };
    expect(linkSummary(link, en)).toBe('10% loss · 200 ms · 5% dup');
    expect(linkSummary(link, zh)).toBe('丢包 10% · 200 ms · 重复 5%');
    expect(linkSummary({ loss: 0, delay: 0, duplicate: 0 }, zh)).toBe('理想链路');
  });
});

describe('a device’s behaviour', () => {
  it('picks the message with the body only when there is one', () => {
    expect(describeDevice({ kind: 'fixed', code: '2.05', body: '' }, en).key).toBe(
      'clients:device.answers',
    );
    expect(describeDevice({ kind: 'fixed', code: '2.05', body: 'on' }, en).key).toBe(
      'clients:device.answersBody',
    );
  });

  it('says a separate response’s delay in seconds, in each language', () => {
    expect(describeDevice({ kind: 'separate', delay: 1500 }, en).values).toEqual({
      delay: '1.5 s',
    });
    expect(describeDevice({ kind: 'separate', delay: 1500 }, zh).values).toEqual({
      delay: '1.5 秒',
    });
  });
});

describe('the panels’ catalogues', () => {
  const locales = join(import.meta.dirname, '..', 'i18n', 'locales');
  const read = (lng: string, ns: string) =>
    JSON.parse(readFileSync(join(locales, lng, `${ns}.json`), 'utf8')) as Record<string, string>;
  const tags = (m: string) => [...m.matchAll(/<(\w+)\/>/g)].map((x) => x[1]).sort();

  it('place the same data (self-closing tags) in Chinese as in English', () => {
    const differ: string[] = [];
    for (const ns of ['clients', 'connections', 'topics', 'operator']) {
      const english = read('en', ns);
      const chinese = read('zh-CN', ns);
      for (const [key, text] of Object.entries(english))
        if (tags(text).join() !== tags(chinese[key] ?? '').join()) differ.push(`${ns}:${key}`);
    }
    expect(differ).toEqual([]);
  });
});
