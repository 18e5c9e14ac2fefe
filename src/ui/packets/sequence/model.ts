import type { JournalEntry } from '../../../sim';
import { i18n } from '../../i18n/i18n';
import { renderMsg } from '../../i18n/msg';
import { formatTime } from '../../layout/format';
import type { PacketRow } from '../packet-index';
import { meaningText } from '../meaning-text';

/**
 * The diagram's words, in the page's language when it is built: the view builds it again when the
 * language changes (SequenceView).
 */
const t = (key: string, values?: Record<string, string | number>): string =>
  i18n.t(`sequence:${key}`, values);
const yes = (b: unknown): string => (b ? 'yes' : 'no');

/** A participant of the sequence diagram: a vertical lifeline. */
export interface Lane {
  id: string;
  label: string;
  /** `server`: a real CoAP server a simulated client talked to through the relay. */
  kind: 'coap' | 'gateway' | 'broker' | 'mqtt' | 'server' | 'operator';
}

export type ArrowKind =
  | 'request'
  | 'response'
  | 'error'
  | 'notification'
  | 'empty'
  | 'malformed'
  | 'publish'
  | 'deliver'
  /** A management API call (curl or the Operator view) and its answer. */
  | 'operator'
  /** A marker on one lane (from = to): a sender gave up after MAX_RETRANSMIT. */
  | 'gave-up'
  /** A marker on one lane: a receiver recognised a duplicate by its Message ID. */
  | 'duplicate';

/** One message between two lanes, top to bottom in journal order. */
export interface Arrow {
  key: string;
  /** The journal seq; for a datagram, the packet to select when the arrow is clicked. */
  seq: number;
  datagram: boolean;
  at: number;
  from: string;
  to: string;
  /** Short text on the arrow: `CON POST /mqtt/connection`, `ACK 2.01`, `PUBLISH t q1`. */
  label: string;
  /** The label is wire data (a method and path, a code, a topic), not words. */
  labelIsData: boolean;
  /** The whole story, for the SVG <title> and the list alternative. */
  title: string;
  kind: ArrowKind;
  lost: boolean;
  duplicated: boolean;
  retransmission?: number;
  notes: number;
}

export interface SequenceModel {
  lanes: Lane[];
  arrows: Arrow[];
}

export const GATEWAY_LANE = 'gateway';
export const BROKER_LANE = 'broker';
export const OPERATOR_LANE = 'operator';
const coapLane = (peer: string) => `coap:${peer}`;
const serverLane = (server: string) => `server:${server}`;
const mqttLane = (client: string) => `mqtt:${client}`;

function arrowKind(row: PacketRow): ArrowKind {
  const s = row.entry.summary;
  if (!s.ok) return 'malformed';
  switch (row.codeClass) {
    case 'request':
      return 'request';
    case 'empty':
      return 'empty';
    case 'error':
      return 'error';
  }
  if (
    row.entry.direction === 'from-gateway' &&
    s.type !== 'ACK' &&
    s.observe !== undefined &&
    row.requestSeq === undefined
  )
    return 'notification';
  return 'response';
}

/** Whether a datagram's label is words (an empty message, a malformed one) rather than data. */
const labelIsWords = (row: PacketRow): boolean =>
  !row.entry.summary.ok || row.entry.summary.codeValue === 0;

function datagramLabel(row: PacketRow): string {
  const s = row.entry.summary;
  if (!s.ok) return t('label.malformed', { type: s.type ?? '' }).trim();
  const [dotted, ...name] = (s.code ?? '').split(' ');
  if (s.codeValue === 0)
    return s.type === 'CON' ? t('label.ping') : t('label.empty', { type: s.type ?? '' });
  if (row.codeClass === 'request') return `${s.type} ${name.join(' ') || dotted} ${s.path ?? ''}`;
  const obs = s.observe !== undefined ? ` Obs=${s.observe}` : '';
  return `${s.type} ${dotted}${obs}`;
}

/** The fate a datagram's title tells (`sequence:title.datagram`'s `fate`). */
function fateOf(row: PacketRow): string {
  const fate = row.entry.fate;
  if (fate === 'external') return row.server ? 'server' : 'peer';
  return fate;
}

/**
 * Journal entries the diagram draws besides datagrams: publishes into the broker, MQTT traffic,
 * give-ups after MAX_RETRANSMIT and duplicates a receiver detected.
 */
export function isSequenceEvent(e: JournalEntry): boolean {
  if (e.kind === 'gateway')
    return (
      e.event.kind === 'published' || e.event.kind === 'gave-up' || e.event.kind === 'duplicate'
    );
  if (e.kind === 'world')
    return (
      e.event.kind === 'mqtt-published' ||
      e.event.kind === 'mqtt-received' ||
      e.event.kind === 'client-gave-up' ||
      e.event.kind === 'operator' ||
      (e.event.kind === 'notification-received' && e.event.duplicate)
    );
  return false;
}

function marker(
  e: JournalEntry,
  lane: string,
  kind: 'gave-up' | 'duplicate',
  label: string,
  title: string,
): Arrow {
  return {
    key: `e${e.seq}`,
    seq: e.seq,
    datagram: false,
    at: e.at,
    from: lane,
    to: lane,
    label,
    labelIsData: false,
    title,
    kind,
    lost: false,
    duplicated: false,
    notes: 0,
  };
}

/**
 * The sequence diagram's lanes and arrows for the last datagrams and what they caused on the
 * MQTT side: `rows` are the packet log's rows (oldest first), `others` the journal's gateway
 * `published` and world `mqtt-published`/`mqtt-received` entries in the same span of time.
 * CoAP clients come first (in order of appearance), then the gateway, the broker and the MQTT
 * clients.
 */
export function buildSequence(
  rows: readonly PacketRow[],
  others: readonly JournalEntry[],
): SequenceModel {
  const coap: string[] = [];
  const mqtt: string[] = [];
  let broker = false;
  let operator = false;
  const seenCoap = new Set<string>();
  /** A CoAP peer gets its lane the first time it shows up. */
  const coapPeer = (name: string) => {
    if (seenCoap.has(name)) return;
    seenCoap.add(name);
    coap.push(name);
  };
  const seenMqtt = new Set<string>();
  const servers: string[] = [];
  const arrows: Arrow[] = [];
  /** Gateway channel → the peer's lane, from the datagrams the gateway sent on it. */
  const peerOfChannel = new Map<string, string>();

  for (const row of rows) {
    const e = row.entry;
    if (e.channel) peerOfChannel.set(e.channel, row.peer);
    coapPeer(row.peer);
    const inbound = e.direction === 'to-gateway' || e.direction === 'to-server';
    const hub = row.server ? serverLane(row.server) : GATEWAY_LANE;
    const hubName = row.server ? t('title.server', { server: row.server }) : t('title.gateway');
    if (row.server && !servers.includes(row.server)) servers.push(row.server);
    const from = inbound ? coapLane(row.peer) : hub;
    const to = inbound ? hub : coapLane(row.peer);
    const s = e.summary;
    const label = datagramLabel(row);
    arrows.push({
      key: `d${e.seq}`,
      seq: e.seq,
      datagram: true,
      at: e.at,
      from,
      to,
      label,
      labelIsData: !labelIsWords(row),
      title: t('title.datagram', {
        time: formatTime(e.at),
        from: inbound ? row.peer : hubName,
        to: inbound ? hubName : row.peer,
        label,
        hasMid: yes(s.messageId !== undefined),
        mid: String(s.messageId ?? ''),
        meaning: meaningText(row),
        retransmission: row.retransmission ? String(row.retransmission) : 'none',
        fate: fateOf(row),
        notes: yes(row.notes.length),
      }),
      kind: arrowKind(row),
      lost: e.fate === 'lost',
      duplicated: e.fate === 'duplicated',
      retransmission: row.retransmission,
      notes: row.notes.length,
    });
  }

  for (const e of others) {
    if (e.kind === 'gateway' && e.event.kind === 'gave-up') {
      const ev = e.event;
      const peer = peerOfChannel.get(ev.channel);
      arrows.push(
        marker(
          e,
          GATEWAY_LANE,
          'gave-up',
          t('label.gave-up', { mid: String(ev.messageId) }),
          t('title.gave-up-gateway', {
            time: formatTime(e.at),
            mid: String(ev.messageId),
            hasPeer: yes(peer),
            peer: peer ?? '',
            transmissions: ev.transmissions,
          }),
        ),
      );
    } else if (e.kind === 'gateway' && e.event.kind === 'duplicate') {
      const ev = e.event;
      arrows.push(
        marker(
          e,
          GATEWAY_LANE,
          'duplicate',
          t('label.duplicate', { mid: String(ev.messageId) }),
          t('title.duplicate-gateway', {
            time: formatTime(e.at),
            mid: String(ev.messageId),
            replayed: yes(ev.replayed),
          }),
        ),
      );
    } else if (e.kind === 'world' && e.event.kind === 'operator') {
      // A call goes operator → gateway; a request's answer, later, comes back.
      const ev = e.event;
      operator = true;
      const call = ev.path.replace('/api/v5/gateways/coap', '');
      const answer = ev.phase === 'answer';
      const label = answer
        ? `HTTP ${ev.status}`
        : `${ev.method} ${call}${ev.phase === 'sent' ? '' : ` → ${ev.status}`}`;
      const by = ev.source === 'page' ? t('title.by-page') : t('title.by-http');
      arrows.push({
        key: `e${e.seq}`,
        seq: e.seq,
        datagram: false,
        at: e.at,
        from: answer ? GATEWAY_LANE : OPERATOR_LANE,
        to: answer ? OPERATOR_LANE : GATEWAY_LANE,
        label,
        labelIsData: true,
        title: t('title.operator', {
          time: formatTime(e.at),
          answer: yes(answer),
          by,
          method: ev.method,
          path: ev.path,
          sent: yes(ev.phase === 'sent'),
          status: String(ev.status ?? ''),
          hasText: yes(ev.text),
          text: renderMsg(ev.text),
        }),
        kind: 'operator',
        lost: false,
        duplicated: false,
        notes: 0,
      });
    } else if (e.kind === 'world' && e.event.kind === 'client-gave-up') {
      const ev = e.event;
      coapPeer(ev.client);
      arrows.push(
        marker(
          e,
          coapLane(ev.client),
          'gave-up',
          t('label.gave-up', { mid: String(ev.messageId) }),
          t('title.client-gave-up', {
            time: formatTime(e.at),
            client: ev.client,
            mid: String(ev.messageId),
          }),
        ),
      );
    } else if (e.kind === 'world' && e.event.kind === 'notification-received') {
      const ev = e.event;
      coapPeer(ev.client);
      arrows.push(
        marker(
          e,
          coapLane(ev.client),
          'duplicate',
          t('label.duplicate-notification'),
          t('title.duplicate-notification', { time: formatTime(e.at), client: ev.client }),
        ),
      );
    } else if (e.kind === 'gateway' && e.event.kind === 'published') {
      const p = e.event;
      broker = true;
      const label = `PUBLISH ${p.topic} q${p.qos}`;
      arrows.push({
        key: `e${e.seq}`,
        seq: e.seq,
        datagram: false,
        at: e.at,
        from: GATEWAY_LANE,
        to: BROKER_LANE,
        label,
        labelIsData: true,
        title: t('title.publish', {
          time: formatTime(e.at),
          topic: p.topic,
          qos: String(p.qos),
          qosFrom: renderMsg(p.qosFrom),
          retain: yes(p.retain),
          remote: yes(p.remote),
          deliveries: p.deliveries,
        }),
        kind: 'publish',
        lost: false,
        duplicated: false,
        notes: 0,
      });
    } else if (
      e.kind === 'world' &&
      (e.event.kind === 'mqtt-published' || e.event.kind === 'mqtt-received')
    ) {
      const ev = e.event;
      broker = true;
      if (!seenMqtt.has(ev.client)) {
        seenMqtt.add(ev.client);
        mqtt.push(ev.client);
      }
      const published = ev.kind === 'mqtt-published';
      const label = t('label.mqtt', {
        publish: yes(published),
        topic: ev.topic,
        qos: String(ev.qos),
        retain: yes(ev.retain),
      });
      arrows.push({
        key: `e${e.seq}`,
        seq: e.seq,
        datagram: false,
        at: e.at,
        from: published ? mqttLane(ev.client) : BROKER_LANE,
        to: published ? BROKER_LANE : mqttLane(ev.client),
        label,
        labelIsData: true,
        title: t(published ? 'title.mqtt-published' : 'title.mqtt-received', {
          time: formatTime(e.at),
          client: ev.client,
          topic: ev.topic,
          qos: String(ev.qos),
          retain: yes(ev.retain),
        }),
        kind: 'deliver',
        lost: false,
        duplicated: false,
        notes: 0,
      });
    }
  }
  arrows.sort((a, b) => a.seq - b.seq);

  const lanes: Lane[] = [
    ...(operator
      ? [{ id: OPERATOR_LANE, label: t('lane.operator'), kind: 'operator' as const }]
      : []),
    ...coap.map((p) => ({ id: coapLane(p), label: p, kind: 'coap' as const })),
    { id: GATEWAY_LANE, label: t('lane.gateway'), kind: 'gateway' },
    ...(broker ? [{ id: BROKER_LANE, label: t('lane.broker'), kind: 'broker' as const }] : []),
    ...servers.map((s) => ({
      id: serverLane(s),
      label: t('lane.server', { server: s }),
      kind: 'server' as const,
    })),
    ...mqtt.map((c) => ({ id: mqttLane(c), label: c, kind: 'mqtt' as const })),
  ];
  return { lanes, arrows };
}

/** A list read by position, oldest first: the packet index's rows, the page's journal. */
export interface Positional<T> {
  readonly length: number;
  at(i: number): T | undefined;
}

/** How many of the newest datagrams the diagram shows. */
export const SEQUENCE_DATAGRAMS = 200;
/** Journal entries scanned at most, newest first, for what those datagrams caused. */
export const SCAN_LIMIT = 20_000;

/**
 * The diagram of the newest `datagrams` packet rows and the journal's sequence events from the
 * first of them on, looking at most `scanLimit` entries back from the journal's end: the diagram
 * the sequence view draws, from the page's packet index and journal.
 */
export function latestSequence(
  rows: Positional<PacketRow>,
  journal: Positional<JournalEntry>,
  datagrams = SEQUENCE_DATAGRAMS,
  scanLimit = SCAN_LIMIT,
): SequenceModel {
  const newest: PacketRow[] = [];
  for (let i = Math.max(0, rows.length - datagrams); i < rows.length; i++)
    newest.push(rows.at(i) as PacketRow);
  const others: JournalEntry[] = [];
  if (newest.length) {
    const first = newest[0].entry.seq;
    for (let i = journal.length - 1, n = 0; i >= 0 && n < scanLimit; i--, n++) {
      const e = journal.at(i) as JournalEntry;
      if (e.seq < first) break;
      if (isSequenceEvent(e)) others.push(e);
    }
    others.reverse();
  }
  return buildSequence(newest, others);
}
