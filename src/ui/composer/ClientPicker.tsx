import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { CoapClientView } from '../../worker/api';
import { button } from '../kit/styles';
import { Field, select } from '../kit/controls';

/** Which simulated client sends; offers to add one when there is none. */
export function ClientPicker({
  clients,
  value,
  onChange,
  onAdd,
  loading,
}: {
  clients: Pick<CoapClientView, 'name' | 'endpoint'>[];
  value: string | undefined;
  onChange: (name: string) => void;
  onAdd: () => void;
  loading: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  if (loading)
    return (
      <p className="text-xs text-slate-600 dark:text-slate-400">{t('composer:client.starting')}</p>
    );
  if (clients.length === 0)
    return (
      <div className="flex items-center justify-between gap-2 rounded-md border border-dashed border-slate-300 px-3 py-2 dark:border-slate-700">
        <p className="text-xs text-slate-700 dark:text-slate-300">{t('composer:client.none')}</p>
        <button type="button" className={button} onClick={onAdd}>
          {t('composer:client.add')}
        </button>
      </div>
    );
  return (
    <div className="flex items-end gap-2">
      <Field label={t('composer:client.from')} htmlFor={id} className="flex-1">
        <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={select}>
          {clients.map((c) => (
            <option key={c.name} value={c.name} translate="no">
              {c.name} ({c.endpoint.address}:{c.endpoint.port})
            </option>
          ))}
        </select>
      </Field>
      <button
        type="button"
        className={button}
        onClick={onAdd}
        title={t('composer:client.add-another')}
      >
        {t('composer:client.add-short')}
      </button>
    </div>
  );
}
