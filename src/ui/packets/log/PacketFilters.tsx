import { memo, useEffect, useId, useState } from 'react';
import { button, input, label } from '../../kit/styles';
import { usePlayground } from '../../state/store';
import { isEmptyFilter, usePacketFilter, type PacketFilter } from './filters';
import { packetIndex } from '../packets-store';

const SEARCH_DELAY = 150;
const SELECT = `${input} pr-7`;
const numberFormat = new Intl.NumberFormat('en-US');
const number = (n: number) => numberFormat.format(n);

/** The packet log's filter bar: search, client, type, code class, and two switches. */
export const PacketFilters = memo(function PacketFilters({
  shown,
  total,
}: {
  shown: number;
  total: number;
}) {
  const id = useId();
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
    <div className="space-y-2" role="search" aria-label="Filter packets">
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-[minmax(10rem,1fr)_auto_auto_auto]">
        <div className="col-span-2 sm:col-span-1">
          <label htmlFor={`${id}-text`} className={label}>
            Search
          </label>
          <input
            id={`${id}-text`}
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="path, token or meaning"
            className={input}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        <Select
          id={`${id}-client`}
          label="Client"
          value={filter.client}
          onChange={(client) => set({ client })}
          options={[
            ['', 'All clients'],
            ...peers.map((p) => [p, packetIndex.isReal(p) ? `${p} (real)` : p] as [string, string]),
          ]}
        />
        <Select
          id={`${id}-type`}
          label="Type"
          value={filter.type}
          onChange={(type) => set({ type: type as PacketFilter['type'] })}
          options={[
            ['', 'All types'],
            ['CON', 'CON'],
            ['NON', 'NON'],
            ['ACK', 'ACK'],
            ['RST', 'RST'],
          ]}
        />
        <Select
          id={`${id}-code`}
          label="Code"
          value={filter.codeClass}
          onChange={(codeClass) => set({ codeClass: codeClass as PacketFilter['codeClass'] })}
          options={[
            ['', 'All codes'],
            ['request', 'Requests (0.xx)'],
            ['success', 'Success (2.xx)'],
            ['error', 'Errors (4.xx–5.xx)'],
          ]}
        />
      </div>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
        <Check
          checked={filter.hideEmpty}
          onChange={(hideEmpty) => set({ hideEmpty })}
          title="Hides empty ACKs and RSTs (message-layer acknowledgements); replies piggy-backed on an ACK stay."
        >
          Hide empty ACK/RST
        </Check>
        <Check checked={filter.onlyLost} onChange={(onlyLost) => set({ onlyLost })}>
          Only lost
        </Check>
        {skipped > 0 && (
          <span
            className="text-xs text-amber-800 dark:text-amber-300"
            title="The world produced journal entries faster than the page took them; the worker skipped these, so the log has gaps."
          >
            {number(skipped)} journal entries skipped
          </span>
        )}
        <span
          className="ml-auto text-xs text-slate-600 tabular-nums dark:text-slate-400"
          aria-live="polite"
          data-testid="packet-count"
        >
          {shown === total
            ? `${number(total)} ${total === 1 ? 'packet' : 'packets'}`
            : `${number(shown)} of ${number(total)} packets`}
        </span>
        {!isEmptyFilter(filter) && (
          <button type="button" className={`${button} px-2 py-0.5 text-xs`} onClick={reset}>
            Clear filters
          </button>
        )}
      </div>
    </div>
  );
});

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
  options: [string, string][];
}) {
  return (
    <div className="min-w-0">
      <label htmlFor={id} className={label}>
        {text}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={SELECT}>
        {options.map(([v, t]) => (
          <option key={v} value={v}>
            {t}
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
