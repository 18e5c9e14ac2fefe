import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { loadLanguage } from './i18n';
import { LANGUAGE_KEY, LANGUAGE_NAMES, LANGUAGES, languageOf, type Language } from './languages';

/** Puts the language in the page address (a link opens in it) and remembers it for the next visit. */
export async function switchLanguage(lng: Language): Promise<void> {
  await loadLanguage(lng);
  const url = new URL(window.location.href);
  url.searchParams.set('lang', lng);
  window.history.replaceState(window.history.state, '', url);
  try {
    localStorage.setItem(LANGUAGE_KEY, lng);
  } catch {
    // Storage may be off (a private window): the address still carries the choice.
  }
}

/** The header's language switch: each language named in itself. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div className="flex items-center gap-1.5">
      <label htmlFor={id} className="sr-only">
        {t('common:language.label')}
      </label>
      <select
        id={id}
        value={languageOf(i18n.language) ?? 'en'}
        onChange={(e) => void switchLanguage(e.target.value as Language)}
        className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-200 dark:hover:bg-slate-700 dark:focus-visible:outline-sky-400"
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l} translate="no">
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
