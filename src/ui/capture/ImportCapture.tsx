import { useRef, useState } from 'react';
import type { DragEvent, ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { create } from 'zustand';
import { Trans, useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { i18n } from '../i18n/i18n';
import { renderMsg } from '../i18n/msg';
import { sentenceGap } from '../kit/text';
import { SNAPSHOT, useBridge, useSnapshot } from '../state/playground';
import { button } from '../kit/styles';
import type { CaptureSummary } from '../../worker/api';

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
      setError(
        i18n.t('shell:import.too-large', { file: file.name, mb: Math.round(file.size / 1e6) }),
      );
      return;
    }
    try {
      const r = await bridge.importCapture(new Uint8Array(await file.arrayBuffer()), file.name);
      if (!r.ok) setError(renderMsg(r.error));
    } catch (e) {
      setError(
        i18n.t('shell:import.unreadable', {
          file: file.name,
          error: e instanceof Error ? e.message : String(e),
        }),
      );
    }
    await qc.invalidateQueries({ queryKey: SNAPSHOT });
  };
  return open;
}

/** The "Import capture" button (a file picker) beside the export. */
export function ImportCaptureButton() {
  const { t } = useTranslation();
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
        aria-label={t('shell:import.file')}
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
        title={t('shell:import.title')}
      >
        {t('shell:import.button')}
      </button>
    </>
  );
}

/** Each reason a frame was skipped, as the count of such frames (`n`) reads. */
const SKIPPED: Record<string, string> = {
  'not-udp': 'shell:capture.skipped.not-udp',
  'not-ip': 'shell:capture.skipped.not-ip',
  'ip-fragment': 'shell:capture.skipped.ip-fragment',
  'frame-truncated': 'shell:capture.skipped.frame-truncated',
  'link-type-unsupported': 'shell:capture.skipped.link-type-unsupported',
  'bad-header': 'shell:capture.skipped.bad-header',
};

/** What the import left out, one sentence; a reason the page does not know is named as is. */
export function describeSkipped(s: CaptureSummary, t: TFunction = i18n.t): string {
  const parts: string[] = [];
  if (s.otherUdp) parts.push(t('shell:capture.skipped.other-udp', { n: s.otherUdp }));
  for (const [reason, n] of Object.entries(s.skipped))
    if (n)
      parts.push(
        reason in SKIPPED
          ? t(SKIPPED[reason], { n })
          : t('shell:capture.skipped.other', { n, reason }),
      );
  return parts.length
    ? t('shell:capture.left-out', { parts: parts.join(t('shell:capture.list-separator')) })
    : t('shell:capture.nothing-left-out');
}

/** Which journal the packet views show, and a way back to the live world. */
function CaptureBanner({ capture }: { capture: CaptureSummary }) {
  const {
    t,
    i18n: { language },
  } = useTranslation();
  const gap = sentenceGap(language);
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
          <Trans
            i18nKey="shell:capture.title"
            values={{ format: capture.format }}
            components={{ file: <span translate="no">{capture.name}</span> }}
          />
        </p>
        <p className="text-xs">
          <Trans
            i18nKey="shell:capture.counts"
            values={{
              n: capture.coap,
              malformed: capture.malformed,
              since: capture.startedAt !== null ? 'yes' : 'no',
            }}
            components={{
              // The capture's own clock, as its file has it: one form in every language.
              date: (
                <span translate="no">
                  {capture.startedAt !== null &&
                    new Date(capture.startedAt)
                      .toISOString()
                      .replace('T', ' ')
                      .replace('Z', ' UTC')}
                </span>
              ),
            }}
          />
          {gap}
          {describeSkipped(capture, t)}
          {gap}
          {liveRate === 0
            ? t('shell:capture.live-paused')
            : t('shell:capture.live-running', { rate: `×${liveRate ?? 1}` })}
        </p>
      </div>
      <button type="button" className={button} onClick={() => void back()}>
        {t('shell:capture.back')}
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
