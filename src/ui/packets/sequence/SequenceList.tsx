import { useTranslation } from 'react-i18next';
import { focusRing } from '../../kit/styles';
import { useFollowBottom } from './hooks';
import type { SequenceModel } from './model';

interface ListProps {
  model: SequenceModel;
  selected: number | undefined;
  onSelect: (seq: number) => void;
}

/** The diagram's text alternative: the same messages as an ordered list, oldest first. */
export function SequenceList({ model, selected, onSelect }: ListProps) {
  const { t } = useTranslation();
  const { ref, onScroll } = useFollowBottom(model);
  return (
    <div
      ref={ref}
      onScroll={onScroll}
      tabIndex={0}
      role="region"
      aria-label={t('sequence:list.label')}
      className={`max-h-[34rem] overflow-y-auto rounded-lg border border-slate-200 dark:border-slate-700 ${focusRing}`}
    >
      <ol
        className="divide-y divide-slate-100 text-sm dark:divide-slate-800"
        data-testid="sequence-list"
      >
        {model.arrows.map((a) => (
          <li key={a.key}>
            {a.datagram ? (
              <button
                type="button"
                aria-pressed={a.seq === selected}
                onClick={() => onSelect(a.seq)}
                className={`block w-full px-3 py-1.5 text-left text-slate-800 hover:bg-slate-50 dark:text-slate-200 dark:hover:bg-slate-800 ${a.seq === selected ? 'bg-sky-50 dark:bg-sky-950/70' : ''} ${focusRing}`}
              >
                {a.title}
              </button>
            ) : (
              <p className="px-3 py-1.5 text-slate-700 dark:text-slate-300">{a.title}</p>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
