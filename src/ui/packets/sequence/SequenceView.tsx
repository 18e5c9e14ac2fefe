import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
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
 * journal changes. It is built when the journal version it is for is first seen (at mount, and
 * in a timer after), never from render: the index and the journal change outside React.
 */
function useLatestSequence(): SequenceModel {
  // The titles say the meanings in the page's language: a switch is a new version to draw.
  const version = `${useJournalVersion()}|${useTranslation().i18n.language}`;
  const journal = usePlayground((s) => s.journal);
  const [shown, setShown] = useState(() => ({
    version,
    model: latestSequence(packetIndex.rows, journal),
  }));
  const last = useRef(0);
  useEffect(() => {
    if (shown.version === version) return;
    const wait = Math.max(0, last.current + REDRAW - Date.now());
    const t = setTimeout(() => {
      last.current = Date.now();
      setShown({ version, model: latestSequence(packetIndex.rows, journal) });
    }, wait);
    return () => clearTimeout(t);
  }, [shown.version, version, journal]);
  return shown.model;
}

/**
 * The last datagrams as a sequence diagram: one lifeline per participant (CoAP clients, the
 * gateway, the broker, MQTT clients), time downwards. Click an arrow to select its packet; a
 * list of the same messages is the text alternative.
 */
export function SequenceView() {
  const model = useLatestSequence();
  const selected = usePlayground((s) => s.selectedPacket);
  const selectPacket = usePlayground((s) => s.selectPacket);
  const [asList, setAsList] = useState(false);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-xs text-slate-600 dark:text-slate-400">
          The last {SEQUENCE_DATAGRAMS} datagrams and what they caused, time downwards.
          {!asList && ' Click an arrow to select its packet.'}
        </p>
        <button
          type="button"
          aria-pressed={asList}
          onClick={() => setAsList((v) => !v)}
          className={`${button} px-2 py-0.5 text-xs`}
        >
          Show as a list
        </button>
      </div>
      <Legend />
      {model.arrows.length === 0 ? (
        <div className="flex h-48 items-center justify-center rounded-lg border border-dashed border-slate-300 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          No traffic yet: the diagram draws itself as datagrams flow.
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
      {item('request', 'request')}
      {item('response', 'reply')}
      {item('error', 'error reply')}
      {item('notification', 'notification')}
      {item('empty', 'empty ACK/RST')}
      {item('publish', 'to the broker')}
      {item('deliver', 'MQTT')}
      {item('operator', 'management API')}
      <li>
        <span aria-hidden="true">✕</span> lost (stops short)
      </li>
      <li>
        <span aria-hidden="true">↻</span> retransmission (dashed)
      </li>
      <li>
        <span aria-hidden="true">×2</span> duplicated by the network
      </li>
      <li className="inline-flex items-center gap-1">
        <span aria-hidden="true" className="font-bold text-orange-800 dark:text-orange-200">
          ≡
        </span>{' '}
        duplicate detected
      </li>
      <li className="inline-flex items-center gap-1">
        <span aria-hidden="true" className="font-bold text-rose-800 dark:text-rose-300">
          ⊘
        </span>{' '}
        gave up after MAX_RETRANSMIT
      </li>
      <li>
        <span aria-hidden="true">⚠</span> differs from the document
      </li>
    </ul>
  );
}
