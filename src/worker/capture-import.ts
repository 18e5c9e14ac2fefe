/**
 * An imported capture as ordinary journal datagram entries, so the packet views (log, detail,
 * sequence) show it exactly as they show the live world: the capture's own endpoints, and times
 * in ms since its first packet (the start date travels beside them).
 */
import { readPcap } from '../capture';
import { endpointKey } from '../gateway';
import { Explainer, summarizeDecoded } from '../sim';
import { decode } from '../coap';
import type { JournalEntry } from '../sim';
import type { CaptureSummary } from './api';
import { msg } from '../wire/msg';
import type { Msg } from '../wire/msg';

/** The CoAP port Wireshark decodes by default; a datagram with it on either side is CoAP. */
export const COAP_PORT = 5683;

export type DatagramEntry = Extract<JournalEntry, { kind: 'datagram' }>;

export type CaptureImport =
  { ok: true; summary: CaptureSummary; entries: DatagramEntry[] } | { ok: false; error: Msg };

/** Reads a pcap/pcapng file into journal entries (seq from 1), or says precisely why not. */
export function importCapture(bytes: Uint8Array, name: string): CaptureImport {
  const r = readPcap(bytes);
  if (!r.ok)
    return {
      ok: false,
      // The reader's reason stays as it words it (src/capture speaks English).
      error: msg('notices:capture.unreadable', {
        name,
        reason: r.error.message,
        offset: String(r.error.offset),
      }),
    };
  const skipped: CaptureSummary['skipped'] = {};
  for (const s of r.skipped) skipped[s.reason] = (skipped[s.reason] ?? 0) + 1;
  const coap = r.datagrams.filter((d) => d.src.port === COAP_PORT || d.dst.port === COAP_PORT);
  const firstTime = coap.find((d) => d.timeMs !== null)?.timeMs ?? null;
  const t0 = firstTime ?? 0;
  let last = 0;
  let malformed = 0;
  // A capture has only bytes: replies pair with requests by peer, Message ID and token.
  const explainer = new Explainer();
  const entries = coap.map((d, i): DatagramEntry => {
    // A pcapng Simple Packet Block has no time: it keeps the previous packet's.
    const at = d.timeMs === null ? last : Math.max(0, d.timeMs - t0);
    last = at;
    const payload = d.payload.slice();
    const decoded = decode(payload);
    const summary = summarizeDecoded(payload, decoded);
    if (!summary.ok) malformed++;
    const toGateway =
      d.dst.port === COAP_PORT && d.src.port === COAP_PORT
        ? summary.codeValue === undefined || (summary.codeValue >= 1 && summary.codeValue < 32)
        : d.dst.port === COAP_PORT;
    const seq = i + 1;
    const facts = {
      at,
      from: d.src,
      to: d.dst,
      summary,
      payload: decoded.ok ? decoded.message.payload : undefined,
    };
    const explained = toGateway ? explainer.inbound(facts) : explainer.outbound(facts, []);
    if (toGateway) explainer.sentInbound(seq, facts, explained);
    else explainer.sentOutbound(seq, facts, explained);
    return {
      seq,
      at,
      step: seq,
      kind: 'datagram',
      from: d.src,
      to: d.dst,
      sender: toGateway ? endpointKey(d.src) : 'gateway',
      direction: toGateway ? 'to-gateway' : 'from-gateway',
      bytes: payload,
      fate: 'captured',
      summary,
      ...explained,
    };
  });
  return {
    ok: true,
    entries,
    summary: {
      name,
      format: r.format,
      startedAt: firstTime,
      coap: entries.length,
      malformed,
      otherUdp: r.datagrams.length - coap.length,
      skipped,
    },
  };
}
