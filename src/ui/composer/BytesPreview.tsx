import { useTranslation } from 'react-i18next';
import type { ByteRole, Preview } from './preview';

const ROLE_TEXT: Record<ByteRole, string> = {
  header: 'text-sky-700 dark:text-sky-300',
  'message-id': 'text-sky-700 dark:text-sky-300',
  token: 'text-amber-700 dark:text-amber-300',
  option: 'text-violet-700 dark:text-violet-300',
  marker: 'text-slate-600 dark:text-slate-400',
  payload: 'text-emerald-700 dark:text-emerald-300',
};

const LEGEND: ReadonlyArray<{ role: ByteRole; label: string }> = [
  { role: 'header', label: 'composer:bytes.legend.header' },
  { role: 'token', label: 'composer:bytes.legend.token' },
  { role: 'option', label: 'composer:bytes.legend.options' },
  { role: 'payload', label: 'composer:bytes.legend.payload' },
];

const SWATCH: Record<ByteRole, string> = {
  header: 'bg-sky-600 dark:bg-sky-400',
  'message-id': 'bg-sky-600 dark:bg-sky-400',
  token: 'bg-amber-500 dark:bg-amber-300',
  option: 'bg-violet-600 dark:bg-violet-400',
  marker: 'bg-slate-500',
  payload: 'bg-emerald-600 dark:bg-emerald-400',
};

/** Most bytes shown before the dump is cut (the count still says how many there are). */
const SHOWN = 160;

/**
 * The request's bytes before sending, coloured by part. Bytes not known until the client sends
 * (the message ID, a random token) are shown as `··`; each run is named on hover.
 */
export function BytesPreview({ preview }: { preview: Preview }) {
  const { t } = useTranslation();
  const { bytes, spans } = preview;
  const pending = spans.filter((s) => s.pending);
  return (
    <div className="space-y-1">
      <div
        data-testid="composer-bytes"
        translate="no"
        aria-label={t('composer:bytes.label', { n: bytes.length })}
        role="group"
        className="rounded-md border border-slate-200 bg-slate-50 px-2 py-1.5 font-mono text-[12px] leading-5 break-words dark:border-slate-800 dark:bg-slate-950"
      >
        {spans.map((s) => {
          if (s.start >= SHOWN) return null;
          const end = Math.min(s.end, SHOWN);
          const cells: string[] = [];
          for (let i = s.start; i < end; i++)
            cells.push(s.pending ? '··' : bytes[i].toString(16).padStart(2, '0'));
          return (
            <span
              key={`${s.role}${s.start}`}
              title={s.label}
              data-role={s.role}
              data-pending={s.pending ? 'true' : undefined}
              className={`${ROLE_TEXT[s.role]} ${s.alt ? 'rounded-sm bg-violet-100 dark:bg-violet-400/15' : ''} ${s.pending ? 'italic' : ''}`}
            >
              {cells.join(' ')}{' '}
            </span>
          );
        })}
        {bytes.length > SHOWN && (
          <span className="text-slate-600 dark:text-slate-400">
            {t('composer:bytes.more', { n: bytes.length - SHOWN })}
          </span>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-0.5 text-[11px] text-slate-600 dark:text-slate-400">
        <span className="font-medium text-slate-700 dark:text-slate-300">
          {t('composer:bytes.count', { n: bytes.length })}
        </span>
        {LEGEND.map((l) => (
          <span key={l.role} className="inline-flex items-center gap-1">
            <span
              aria-hidden="true"
              className={`inline-block h-2 w-2 rounded-sm ${SWATCH[l.role]}`}
            />
            {t(l.label)}
          </span>
        ))}
        {pending.length > 0 && (
          <span>
            <span className="font-mono">··</span>{' '}
            {pending.length > 1
              ? t('composer:bytes.pending-both')
              : pending[0].role === 'token'
                ? t('composer:bytes.pending-token')
                : t('composer:bytes.pending-mid')}
          </span>
        )}
      </div>
    </div>
  );
}
