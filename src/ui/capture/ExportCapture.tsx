import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBridge } from '../state/playground';
import { button } from '../kit/styles';
import { packetIndex, useJournalVersion } from '../packets/packets-store';

/**
 * Saves every datagram in the journal as a pcapng file that Wireshark opens. Virtual time 0 is
 * stamped as the moment the page loaded, so the capture carries real dates.
 */
export function ExportCapture() {
  const { t } = useTranslation();
  const bridge = useBridge();
  // The index is mutated in place; the journal version says when it changed.
  useJournalVersion();
  const count = packetIndex.rows.length;
  // The count saved, said in the page's language at render.
  const [saved, setSaved] = useState<number>();
  const save = async () => {
    const epochAtZero = performance.timeOrigin;
    const bytes = await bridge.exportCapture(epochAtZero);
    const url = URL.createObjectURL(
      new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/vnd.tcpdump.pcap' }),
    );
    const a = document.createElement('a');
    a.href = url;
    a.download = `coap-playground-${new Date().toISOString().replace(/[:.]/g, '-')}.pcapng`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setSaved(count);
  };
  return (
    <div className="flex items-center gap-2">
      <span aria-live="polite" className="text-xs text-slate-600 dark:text-slate-400">
        {saved !== undefined ? t('shell:export.saved', { n: saved }) : ''}
      </span>
      <button
        type="button"
        className={button}
        onClick={() => void save()}
        disabled={count === 0}
        title={t('shell:export.title')}
      >
        {t('shell:export.button')}
      </button>
    </div>
  );
}
