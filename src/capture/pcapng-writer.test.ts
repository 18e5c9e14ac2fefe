// An exported capture must open in Wireshark: tshark (Debian) reads one written here and must
// decode every packet as CoAP with the same type, code, MID, token, options and payload.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decode, encode, encodeString, encodeUint, parseUri, toHex } from '../coap';
import type { CoapMessage } from '../coap';
import { readPcap } from './pcap';
import { writePcapng } from './pcapng-writer';
import type { CaptureDatagram } from './pcapng-writer';

function msg(partial: Partial<CoapMessage>): Uint8Array {
  return encode({
    type: 'CON',
    code: 1,
    messageId: 1,
    token: new Uint8Array(0),
    options: [],
    payload: new Uint8Array(0),
    ...partial,
  });
}

const uri = parseUri('coap://127.0.0.1/ps/coap/test?clientid=123&token=3404490787');
if (!uri.ok) throw new Error(uri.error);
const PACKETS: CaptureDatagram[] = [
  {
    timeMs: 1_764_000_000_000.5,
    src: { address: '192.0.2.10', port: 50001 },
    dst: { address: '192.0.2.1', port: 5683 },
    payload: msg({
      code: 2,
      messageId: 0x1234,
      token: Uint8Array.of(1),
      options: uri.uri.options,
      payload: encodeString('Hi, this is libcoap'),
    }),
  },
  {
    timeMs: 1_764_000_000_001,
    src: { address: '192.0.2.1', port: 5683 },
    dst: { address: '192.0.2.10', port: 50001 },
    payload: msg({ type: 'ACK', code: 0x44, messageId: 0x1234, token: Uint8Array.of(1) }),
  },
  {
    timeMs: 1_764_000_000_002,
    src: { address: '::1', port: 40000 },
    dst: { address: '::1', port: 5683 },
    payload: msg({
      type: 'NON',
      code: 0x45,
      messageId: 7,
      token: encodeString('obstokeo'),
      options: [{ number: 6, value: encodeUint(0x3a2b1c) }],
      payload: encodeString('{"t":21}'),
    }),
    comment: 'a notification',
  },
  {
    timeMs: 1_764_000_000_003,
    src: { address: '127.0.0.1', port: 40001 },
    dst: { address: '127.0.0.1', port: 5683 },
    payload: msg({ type: 'RST', code: 0, messageId: 9 }),
  },
];

describe('pcapng export', () => {
  it('reads back with our own reader: same endpoints, times and payloads', () => {
    const r = readPcap(writePcapng(PACKETS));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.datagrams.map((d) => [d.src.port, d.dst.port, toHex(d.payload)])).toEqual(
      PACKETS.map((p) => [p.src.port, p.dst.port, toHex(p.payload)]),
    );
    expect(r.datagrams[0].timeMs).toBeCloseTo(PACKETS[0].timeMs, 2);
  });

  it('opens in tshark, and every packet decodes as CoAP with the same fields and valid checksums', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcapng-'));
    const file = join(dir, 'export.pcapng');
    writeFileSync(file, writePcapng(PACKETS));
    const fields = [
      'coap.type',
      'coap.code',
      'coap.mid',
      'coap.token',
      'coap.opt.uri_path',
      'coap.opt.uri_query',
      'coap.opt.observe',
      'udp.payload',
      'udp.checksum.status',
      'ip.checksum.status',
      'frame.comment',
    ];
    const out = execFileSync(
      'tshark',
      [
        '-r',
        file,
        '-o',
        'udp.check_checksum:TRUE',
        '-o',
        'ip.check_checksum:TRUE',
        '-d',
        'udp.port==5683,coap',
        '-T',
        'fields',
        '-E',
        'separator=|',
        ...fields.flatMap((f) => ['-e', f]),
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const rows = out
      .trim()
      .split('\n')
      .map((l) => l.split('|'));
    expect(rows).toHaveLength(PACKETS.length);
    rows.forEach((row, i) => {
      const m = decode(PACKETS[i].payload);
      if (!m.ok) throw new Error('bad vector');
      const [type, code, mid, token, path, query, observe, payload, udpOk] = row;
      expect(Number(type)).toBe(['CON', 'NON', 'ACK', 'RST'].indexOf(m.message.type));
      expect(Number(code)).toBe(m.message.code);
      expect(Number(mid)).toBe(m.message.messageId);
      expect(token.replace(/:/g, '')).toBe(toHex(m.message.token));
      expect(payload.replace(/:/g, '')).toBe(toHex(PACKETS[i].payload));
      expect(udpOk).toBe('1'); // checksum status: 0 bad, 1 good, 2 unverified
      if (i === 0) {
        expect(path).toBe('ps,coap,test');
        expect(query).toBe('clientid=123,token=3404490787');
      }
      if (i === 2) {
        expect(Number(observe)).toBe(0x3a2b1c);
        expect(row[10]).toBe('a notification');
      }
    });
    const v4 = rows.filter((_, i) => !PACKETS[i].src.address.includes(':'));
    for (const r of v4) expect(r[9]).toBe('1');
  });
});
