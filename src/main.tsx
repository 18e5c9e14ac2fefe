import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './index.css';
import { App } from './ui/App';
import { applyTheme, useTheme } from './ui/theme/theme';
import { i18n, loadLanguage } from './ui/i18n/i18n';
import { LANGUAGE_KEY, pickLanguage } from './ui/i18n/languages';

applyTheme(useTheme.getState().theme);

function storedLanguage(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_KEY);
  } catch {
    return null;
  }
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
  document.title = i18n.t('shell:title');
});
// The first paint is in the reader's language: its catalogue comes first.
void loadLanguage(pickLanguage(window.location.search, storedLanguage(), navigator.languages)).then(
  () =>
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
);
