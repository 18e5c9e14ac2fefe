import { memo, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { button, input, label } from '../../kit/styles';
import { usePlayground } from '../../state/store';
import { isEmptyFilter, usePacketFilter, type PacketFilter } from './filters';
import { packetIndex } from '../packets-store';

const SEARCH_DELAY = 150;
const SELECT = `${input} pr-7`;

/** The packet log's filter bar: search, client, type, code class, and two switches. */
export const PacketFilters = memo(function PacketFilters({
  shown,
  total,
}: {
  shown: number;
  total: number;
}) {
  const id = useId();
  const { t } = useTranslation();
  const filter = usePacketFilter((s) => s.filter);
  const set = usePacketFilter((s) => s.set);
  const reset = usePacketFilter((s) => s.reset);
  const [text, setText] = useState(() => (isEmptyFilter(filter) ? '' : filter.text));
  const skipped = usePlayground((s) => s.skipped);
  // Filters reset (Reset, a new world): the search box empties with them.
  const [seenFilter, setSeenFilter] = useState(filter);
  if (seenFilter !== filter) {
    setSeenFilter(filter);
    if (isEmptyFilter(filter)) setText('');
  }

  // Typing narrows the list once the typist pauses, not on every key (a full pass over 100,000 rows).
  useEffect(() => {
    if (text === filter.text) return;
    const t = setTimeout(() => set({ text }), SEARCH_DELAY);
    return () => clearTimeout(t);
  }, [text, filter.text, set]);

  const peers = packetIndex.peers();
  if (filter.client && !peers.includes(filter.client)) peers.push(filter.client);

  return (
    <div className="space-y-2" role="search" aria-label={t('packets:filters.label')}>
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-[minmax(10rem,1fr)_auto_auto_auto]">
        <div className="col-span-2 sm:col-span-1">
          <label htmlFor={`${id}-text`} className={label}>
            {t('packets:filters.search')}
          </label>
          <input
            id={`${id}-text`}
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('packets:filters.search.placeholder')}
            className={input}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        <Select
          id={`${id}-client`}
          label={t('packets:filters.client')}
          value={filter.client}
          onChange={(client) => set({ client })}
          options={[
            ['', t('packets:filters.client.all')],
            // A client's name is data: kept as it is by a page translator.
            ...peers.map(
              (p) =>
                [
                  p,
                  packetIndex.isReal(p) ? t('packets:filters.client.real', { peer: p }) : p,
                  true,
                ] as Option,
            ),
          ]}
        />
        <Select
          id={`${id}-type`}
          label={t('packets:filters.type')}
          value={filter.type}
          onChange={(type) => set({ type: type as PacketFilter['type'] })}
          options={[
            ['', t('packets:filters.type.all')],
            ['CON', 'CON'],
            ['NON', 'NON'],
            ['ACK', 'ACK'],
            ['RST', 'RST'],
          ]}
        />
        <Select
          id={`${id}-code`}
          label={t('packets:filters.code')}
          value={filter.codeClass}
          onChange={(codeClass) => set({ codeClass: codeClass as PacketFilter['codeClass'] })}
          options={[
            ['', t('packets:filters.code.all')],
            ['request', t('packets:filters.code.request')],
            ['success', t('packets:filters.code.success')],
            ['error', t('packets:filters.code.error')],
          ]}
        />
      </div>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
        <Check
          checked={filter.hideEmpty}
          onChange={(hideEmpty) => set({ hideEmpty })}
          title={t('packets:filters.hide-empty.title')}
        >
          {t('packets:filters.hide-empty')}
        </Check>
        <Check checked={filter.onlyLost} onChange={(onlyLost) => set({ onlyLost })}>
          {t('packets:filters.only-lost')}
        </Check>
        {skipped > 0 && (
          <span
            className="text-xs text-amber-800 dark:text-amber-300"
            title={t('packets:filters.skipped.title')}
          >
            {t('packets:filters.skipped', { n: skipped })}
          </span>
        )}
        <span
          className="ml-auto text-xs text-slate-600 tabular-nums dark:text-slate-400"
          aria-live="polite"
          data-testid="packet-count"
        >
          {shown === total
            ? t('packets:filters.count', { total })
            : t('packets:filters.count-of', { shown, total })}
        </span>
        {!isEmptyFilter(filter) && (
          <button type="button" className={`${button} px-2 py-0.5 text-xs`} onClick={reset}>
            {t('packets:filters.clear')}
          </button>
        )}
      </div>
    </div>
  );
});

/** An option's value, its text, and whether that text is data (a client's name). */
type Option = [value: string, text: string, data?: boolean];

function Select({
  id,
  label: text,
  value,
  onChange,
  options,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: Option[];
}) {
  return (
    <div className="min-w-0">
      <label htmlFor={id} className={label}>
        {text}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={SELECT}>
        {options.map(([v, text, data]) => (
          <option key={v} value={v} translate={data ? 'no' : undefined}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

function Check({
  checked,
  onChange,
  title,
  children,
}: {
  checked: boolean;
  onChange: (v: boolean) => void;
  title?: string;
  children: string;
}) {
  return (
    <label
      className="inline-flex items-center gap-1.5 text-slate-800 dark:text-slate-200"
      title={title}
    >
      <input
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        className="h-4 w-4 rounded border-slate-300 accent-sky-700 dark:border-slate-600 dark:accent-sky-500"
      />
      {children}
    </label>
  );
}
