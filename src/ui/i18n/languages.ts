/** The page's languages, as BCP 47 tags: the value of `lang=` in its address. */
export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language's name in itself, for the switch in the header. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  'zh-CN': '简体中文',
};

/** Where the last choice is kept, for a visit without `lang=`. */
export const LANGUAGE_KEY = 'coap-playground-language';

/** `zh`, `zh-CN`, `zh-Hans-SG`… read as 简体中文; `en-GB` as English; anything else: undefined. */
export function languageOf(tag: string | null | undefined): Language | undefined {
  if (!tag) return undefined;
  const lower = tag.toLowerCase();
  if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  return undefined;
}

/**
 * The page's language: its address (`lang=`, so a shared link opens in the sender's language),
 * then the reader's last choice, then the browser's languages in order, then English.
 */
export function pickLanguage(
  search: string,
  stored: string | null,
  browser: readonly string[],
): Language {
  const asked = new URLSearchParams(search).get('lang');
  return (
    languageOf(asked) ??
    languageOf(stored) ??
    browser.map(languageOf).find((l) => l !== undefined) ??
    'en'
  );
}
