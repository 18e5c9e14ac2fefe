import { useTranslation } from 'react-i18next';
import { useTheme } from './theme';

/** A two-state button: pressed means dark. Its name stays "Dark theme"; aria-pressed carries the state. */
export function ThemeToggle() {
  const { t } = useTranslation();
  const theme = useTheme((s) => s.theme);
  const toggle = useTheme((s) => s.toggle);
  const dark = theme === 'dark';
  return (
    <button
      type="button"
      aria-pressed={dark}
      title={t('shell:theme.dark')}
      onClick={toggle}
      className="inline-flex shrink-0 items-center gap-2 rounded-md whitespace-nowrap border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-200 dark:hover:bg-slate-700 dark:focus-visible:outline-sky-400"
    >
      {dark ? <MoonIcon /> : <SunIcon />}
      {/* Named on the widest screens only: with the icon and switch alone the header is one line from 1440 px. */}
      <span className="sr-only min-[1800px]:not-sr-only">{t('shell:theme.dark')}</span>
      <span
        aria-hidden="true"
        className={`relative ml-1 inline-block h-4 w-7 rounded-full transition-colors ${dark ? 'bg-sky-500' : 'bg-slate-300'}`}
      >
        <span
          className={`absolute top-0.5 h-3 w-3 rounded-full bg-white shadow transition-[left] ${dark ? 'left-3.5' : 'left-0.5'}`}
        />
      </span>
    </button>
  );
}

function SunIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
      <circle cx="10" cy="10" r="3.5" />
      <path
        d="M10 1.5v2.5M10 16v2.5M1.5 10H4M16 10h2.5M4 4l1.8 1.8M14.2 14.2 16 16M4 16l1.8-1.8M14.2 5.8 16 4"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
      />
    </svg>
  );
}

function MoonIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
      <path d="M15.5 12.6A6.5 6.5 0 0 1 7.4 4.5a6.5 6.5 0 1 0 8.1 8.1Z" />
    </svg>
  );
}
