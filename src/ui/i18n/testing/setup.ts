// Vitest: modules that say things through the catalogue (times, meanings, lessons) read English.
import { loadLanguage } from '../i18n';

await loadLanguage('en');
