// The page's words: i18next with ICU messages (plurals, selects, numbers), one catalogue per
// language split into namespaces by area (locales/<lang>/<namespace>.json). A language's catalogue
// is one chunk, loaded before the first paint and on a switch.
import i18next from 'i18next';
import ICU from 'i18next-icu';
import { initReactI18next } from 'react-i18next';
import { LANGUAGES, type Language } from './languages';

type Catalogue = Record<string, Record<string, string>>;

const catalogues: Record<Language, () => Promise<Catalogue>> = {
  en: () => import('./locales/en').then((m) => m.default),
  'zh-CN': () => import('./locales/zh-CN').then((m) => m.default),
};

export const i18n = i18next.createInstance();

void i18n
  .use(ICU)
  .use(initReactI18next)
  .init({
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    // Keys are flat (`send.title`): the dot belongs to the key, `ns:` names the area.
    keySeparator: false,
    nsSeparator: ':',
    defaultNS: 'common',
    ns: [],
    resources: {},
    initAsync: false,
    // React escapes what it renders; a parameter (a topic, a clientid) is text, never markup.
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
    returnNull: false,
  });

/** Loads a language's catalogue (once) and makes it the page's. */
export async function loadLanguage(lng: Language): Promise<void> {
  if (!i18n.hasResourceBundle(lng, 'common')) {
    const catalogue = await catalogues[lng]();
    for (const [ns, messages] of Object.entries(catalogue))
      i18n.addResourceBundle(lng, ns, messages, true, true);
  }
  // English is the fallback a missing message falls back to: keep it loaded.
  if (lng !== 'en' && !i18n.hasResourceBundle('en', 'common')) await loadLanguage('en');
  await i18n.changeLanguage(lng);
}

export const currentLanguage = (): Language => (i18n.language as Language | undefined) ?? 'en';
