import { useEffect, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { button } from '../../kit/styles';
import { usePlayground } from '../../state/store';
import { packetIndex, useJournalVersion } from '../packets-store';
import { ARROW_COLOUR } from './colours';
import { Diagram } from './Diagram';
import { SEQUENCE_DATAGRAMS, latestSequence, type ArrowKind, type SequenceModel } from './model';
import { SequenceList } from './SequenceList';

/** Re-draw at most this often (ms): the diagram is for reading, not for 60 batches a second. */
const REDRAW = 250;

/**
 * The diagram of the page's packet index and journal, rebuilt at most every REDRAW ms while the
 * journal changes, and at once in a new language (its labels and titles are words). It is built
 * when the journal version it is for is first seen (at mount, and in a timer after), never from
 * render: the index and the journal change outside React.
 */
function useLatestSequence(language: string): SequenceModel {
  const version = useJournalVersion();
  const journal = usePlayground((s) => s.journal);
  const [shown, setShown] = useState(() => ({
    version,
    language,
    model: latestSequence(packetIndex.rows, journal),
  }));
  const last = useRef(0);
  useEffect(() => {
    if (shown.version === version && shown.language === language) return;
    const wait = shown.language === language ? Math.max(0, last.current + REDRAW - Date.now()) : 0;
    const timer = setTimeout(() => {
      last.current = Date.now();
      setShown({ version, language, model: latestSequence(packetIndex.rows, journal) });
    }, wait);
    return () => clearTimeout(timer);
  }, [shown.version, shown.language, version, language, journal]);
  return shown.model;
}

/**
 * The last datagrams as a sequence diagram: one lifeline per participant (CoAP clients, the
 * gateway, the broker, MQTT clients), time downwards. Click an arrow to select its packet; a
 * list of the same messages is the text alternative.
 */
export function SequenceView() {
  const { t, i18n } = useTranslation();
  const model = useLatestSequence(i18n.language);
  const selected = usePlayground((s) => s.selectedPacket);
  const selectPacket = usePlayground((s) => s.selectPacket);
  const [asList, setAsList] = useState(false);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-xs text-slate-600 dark:text-slate-400">
          {t(asList ? 'sequence:intro' : 'sequence:intro.diagram', {
            n: String(SEQUENCE_DATAGRAMS),
          })}
        </p>
        <button
          type="button"
          aria-pressed={asList}
          onClick={() => setAsList((v) => !v)}
          className={`${button} px-2 py-0.5 text-xs`}
        >
          {t('sequence:list.toggle')}
        </button>
      </div>
      <Legend />
      {model.arrows.length === 0 ? (
        <div className="flex h-48 items-center justify-center rounded-lg border border-dashed border-slate-300 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          {t('sequence:empty')}
        </div>
      ) : asList ? (
        <SequenceList model={model} selected={selected} onSelect={selectPacket} />
      ) : (
        <Diagram model={model} selected={selected} onSelect={selectPacket} />
      )}
    </div>
  );
}

function Legend() {
  const { t } = useTranslation();
  const item = (kind: ArrowKind, text: string) => (
    <li className="inline-flex items-center gap-1.5">
      <svg aria-hidden="true" width="18" height="8" className={ARROW_COLOUR[kind].line}>
        <line x1="0" y1="4" x2="13" y2="4" strokeWidth="2" />
        <polygon points="12,0 18,4 12,8" stroke="none" />
      </svg>
      {text}
    </li>
  );
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700 dark:text-slate-300">
      {item('request', t('sequence:legend.request'))}
      {item('response', t('sequence:legend.response'))}
      {item('error', t('sequence:legend.error'))}
      {item('notification', t('sequence:legend.notification'))}
      {item('empty', t('sequence:legend.empty'))}
      {item('publish', t('sequence:legend.publish'))}
      {item('deliver', t('sequence:legend.deliver'))}
      {item('operator', t('sequence:legend.operator'))}
      <li>
        <span aria-hidden="true">✕</span> {t('sequence:legend.lost')}
      </li>
      <li>
        <span aria-hidden="true">↻</span> {t('sequence:legend.retransmission')}
      </li>
      <li>
        <span aria-hidden="true">×2</span> {t('sequence:legend.duplicated')}
      </li>
      <li className="inline-flex items-center gap-1">
        <span aria-hidden="true" className="font-bold text-orange-800 dark:text-orange-200">
          ≡
        </span>{' '}
        {t('sequence:legend.duplicate')}
      </li>
      <li className="inline-flex items-center gap-1">
        <span aria-hidden="true" className="font-bold text-rose-800 dark:text-rose-300">
          ⊘
        </span>{' '}
        <Trans i18nKey="sequence:legend.gave-up" components={{ w: <span translate="no" /> }} />
      </li>
      <li>
        <span aria-hidden="true">⚠</span> {t('sequence:legend.notes')}
      </li>
    </ul>
  );
}
