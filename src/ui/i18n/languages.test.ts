import { afterAll, describe, expect, it } from 'vitest';
import { languageOf, pickLanguage } from './languages';
import { loadLanguage } from './i18n';
import { formatDuration, formatTime } from '../layout/format';

describe('the page language', () => {
  it('reads any Chinese tag as 简体中文 and any English one as English', () => {
    expect(['zh', 'zh-CN', 'zh-Hans-SG', 'ZH-tw'].map(languageOf)).toEqual([
      'zh-CN',
      'zh-CN',
      'zh-CN',
      'zh-CN',
    ]);
    expect(['en', 'en-GB', 'EN-us'].map(languageOf)).toEqual(['en', 'en', 'en']);
    expect(['fr', 'english', '', null, undefined].map(languageOf)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('takes the address first, so a shared link opens in the sender’s language', () => {
    expect(pickLanguage('?lang=zh-CN', 'en', ['en-US'])).toBe('zh-CN');
    expect(pickLanguage('?seed=1&lang=en', 'zh-CN', ['zh-CN'])).toBe('en');
  });

  it('then the reader’s last choice, then the browser’s languages in order, then English', () => {
    expect(pickLanguage('', 'zh-CN', ['en-US'])).toBe('zh-CN');
    expect(pickLanguage('?lang=klingon', null, ['fr-FR', 'zh-TW', 'en'])).toBe('zh-CN');
    expect(pickLanguage('', 'de', ['fr-FR', 'en-GB', 'zh'])).toBe('en');
    expect(pickLanguage('', null, ['fr', 'de'])).toBe('en');
  });
});

describe('times for the locale', () => {
  afterAll(() => loadLanguage('en'));

  it('keeps English as the playground has always shown it', () => {
    expect(formatTime(12_345)).toBe('12.345 s');
    expect(formatTime(185_000)).toBe('3 min 05.000 s');
    expect(formatDuration(1500)).toBe('1.5 s');
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(130_000)).toBe('2 min 10 s');
  });

  it('says seconds and minutes in Chinese', async () => {
    await loadLanguage('zh-CN');
    expect(formatTime(12_345)).toBe('12.345 秒');
    expect(formatTime(185_000)).toBe('3 分 05.000 秒');
    expect(formatDuration(130_000)).toBe('2 分 10 秒');
  });
});
