import { useState } from 'react';
import { useBridge } from '../state/playground';
import { button } from '../kit/styles';
import { packetIndex, useJournalVersion } from '../packets/packets-store';

/**
 * Saves every datagram in the journal as a pcapng file that Wireshark opens. Virtual time 0 is
 * stamped as the moment the page loaded, so the capture carries real dates.
 */
export function ExportCapture() {
  const bridge = useBridge();
  // The index is mutated in place; the journal version says when it changed.
  useJournalVersion();
  const count = packetIndex.rows.length;
  const [status, setStatus] = useState('');
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
    setStatus(`Saved ${count} datagrams.`);
  };
  return (
    <div className="flex items-center gap-2">
      <span aria-live="polite" className="text-xs text-slate-600 dark:text-slate-400">
        {status}
      </span>
      <button
        type="button"
        className={button}
        onClick={() => void save()}
        disabled={count === 0}
        title="Save every datagram as a pcapng file for Wireshark"
      >
        Export .pcapng
      </button>
    </div>
  );
}
