import { useState } from 'react';
import { useBridge } from '../state/playground';
import { usePlayground } from '../state/store';
import { button } from '../layout/styles';

/**
 * Saves every datagram in the journal as a pcapng file that Wireshark opens. Virtual time 0 is
 * stamped as the moment the page loaded, so the capture carries real dates.
 */
export function ExportCapture() {
  const bridge = useBridge();
  // The ring is mutated in place; every batch calls set(), so this selector re-runs then.
  const count = usePlayground((s) => s.datagrams.length);
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
