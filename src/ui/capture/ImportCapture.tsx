import { useRef, useState } from 'react';
import type { DragEvent, ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { create } from 'zustand';
import { SNAPSHOT, useBridge, useSnapshot } from '../state/playground';
import { button } from '../kit/styles';
import type { CaptureSummary } from '../../worker/api';
import { renderMsg } from '../i18n/msg';

/** Larger files are refused before reading: the page keeps every imported datagram. */
const MAX_BYTES = 64 * 1024 * 1024;

/** The last import's error, shared by the button (panel header) and the drop zone (views). */
const useImportError = create<{ error: string; set: (error: string) => void }>()((set) => ({
  error: '',
  set: (error) => set({ error }),
}));

/** Reads a dropped or picked file and hands it to the worker; an error lands in the store. */
function useImport(): (file: File) => Promise<void> {
  const bridge = useBridge();
  const qc = useQueryClient();
  const setError = useImportError((s) => s.set);
  const open = async (file: File) => {
    setError('');
    if (file.size > MAX_BYTES) {
      setError(`${file.name} is ${Math.round(file.size / 1e6)} MB: the limit is 64 MB`);
      return;
    }
    try {
      const r = await bridge.importCapture(new Uint8Array(await file.arrayBuffer()), file.name);
      if (!r.ok) setError(renderMsg(r.error));
    } catch (e) {
      setError(`${file.name} could not be read: ${e instanceof Error ? e.message : String(e)}`);
    }
    await qc.invalidateQueries({ queryKey: SNAPSHOT });
  };
  return open;
}

/** The "Import capture" button (a file picker) beside the export. */
export function ImportCaptureButton() {
  const open = useImport();
  const onPick = (f: File) => void open(f);
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".pcap,.pcapng,.cap,application/vnd.tcpdump.pcap"
        className="sr-only"
        aria-label="Capture file to import"
        data-testid="import-capture-input"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) onPick(f);
          e.target.value = '';
        }}
      />
      <button
        type="button"
        className={button}
        onClick={() => input.current?.click()}
        title="Open a .pcap or .pcapng file (CoAP over UDP) in the packet views; or drop one on them"
      >
        Import capture
      </button>
    </>
  );
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function describeSkipped(s: CaptureSummary): string {
  const parts: string[] = [];
  if (s.otherUdp) parts.push(`${plural(s.otherUdp, 'UDP datagram')} on other ports (not CoAP)`);
  const reasons: Record<string, string> = {
    'not-udp': 'not UDP',
    'not-ip': 'not IP',
    'ip-fragment': 'IP fragments',
    'frame-truncated': 'cut short by the snapshot length',
    'link-type-unsupported': 'of an unsupported link type',
    'bad-header': 'with an impossible header',
  };
  for (const [reason, n] of Object.entries(s.skipped))
    if (n) parts.push(`${plural(n, 'frame')} ${reasons[reason] ?? reason}`);
  return parts.length ? `Left out: ${parts.join(', ')}.` : 'Nothing was left out.';
}

/** Which journal the packet views show, and a way back to the live world. */
function CaptureBanner({ capture }: { capture: CaptureSummary }) {
  const liveRate = useSnapshot((s) => s.clockRate);
  const bridge = useBridge();
  const qc = useQueryClient();
  const back = async () => {
    await bridge.closeCapture();
    await qc.invalidateQueries({ queryKey: SNAPSHOT });
  };
  return (
    <div
      role="status"
      data-testid="capture-banner"
      className="mb-3 flex flex-wrap items-start justify-between gap-3 rounded-lg border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-950 dark:border-sky-700 dark:bg-sky-950 dark:text-sky-100"
    >
      <div className="min-w-0">
        <p className="font-medium break-all">
          Imported capture: {capture.name} ({capture.format})
        </p>
        <p className="text-xs">
          {plural(capture.coap, 'CoAP datagram')}
          {capture.malformed ? `, ${capture.malformed} malformed` : ''}
          {capture.startedAt !== null
            ? `, from ${new Date(capture.startedAt).toISOString().replace('T', ' ').replace('Z', ' UTC')}; times are since the first packet`
            : ''}
          . {describeSkipped(capture)}{' '}
          {liveRate === 0
            ? 'The live world behind it is paused.'
            : `The live world keeps running behind it at ×${liveRate ?? 1}; the clock above shows the capture's time.`}
        </p>
      </div>
      <button type="button" className={button} onClick={() => void back()}>
        Back to the live world
      </button>
    </div>
  );
}

/**
 * The traffic views with capture import: a file dropped on them (or picked with the button)
 * opens; while one is open a banner says so and offers the way back.
 */
export function CaptureImport({ children }: { children: ReactNode }) {
  const capture = useSnapshot((s) => s.capture);
  const open = useImport();
  const error = useImportError((s) => s.error);
  const [over, setOver] = useState(false);
  const hasFiles = (e: DragEvent) => e.dataTransfer.types.includes('Files');
  return (
    <div
      data-testid="capture-drop"
      className={`relative rounded-lg ${over ? 'outline-2 outline-offset-2 outline-sky-500 outline-dashed' : ''}`}
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setOver(false);
        const f = e.dataTransfer.files[0];
        if (f) void open(f);
      }}
    >
      {error && (
        <p
          role="alert"
          className="mb-3 rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
        >
          {error}
        </p>
      )}
      {capture && <CaptureBanner capture={capture} />}
      {children}
    </div>
  );
}
