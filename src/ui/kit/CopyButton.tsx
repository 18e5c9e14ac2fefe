import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Copies `text` to the clipboard and says so for two seconds. `label` names what is copied
 * ("Copy token"); the confirmation is announced through a polite live region.
 */
export function CopyButton({
  text,
  label,
  children,
  className,
}: {
  text: string;
  label: string;
  children?: string;
  className?: string;
}) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(t);
  }, [state]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  const visible = children ?? t('shell:copy.copy');
  return (
    <>
      <button
        type="button"
        onClick={() => void copy()}
        aria-label={children ? undefined : label}
        title={label}
        className={
          className ??
          'inline-flex shrink-0 items-center gap-1 rounded border border-slate-300 bg-white px-1.5 py-0.5 text-xs font-medium text-slate-700 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-200 dark:hover:bg-slate-700'
        }
      >
        <CopyIcon />
        {state === 'copied'
          ? t('shell:copy.copied')
          : state === 'failed'
            ? t('shell:copy.failed')
            : visible}
      </button>
      <span role="status" className="sr-only">
        {state === 'copied'
          ? t('shell:copy.copied-what', { label })
          : state === 'failed'
            ? t('shell:copy.failed-what', { label })
            : ''}
      </span>
    </>
  );
}

function CopyIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className="h-3 w-3" fill="none">
      <rect x="5" y="5" width="8.5" height="8.5" rx="1.5" stroke="currentColor" strokeWidth="1.5" />
      <path
        d="M3 10.5V3.5A1 1 0 0 1 4 2.5h6.5"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinecap="round"
      />
    </svg>
  );
}
