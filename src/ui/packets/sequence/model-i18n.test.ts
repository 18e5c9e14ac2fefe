/* eslint-disable @typescript-eslint/no-restricted-imports -- the test drives the real world
   headless (as the worker does) to build the diagram from real journal entries. */
import { afterEach, describe, expect, it } from 'vitest';
import { decode, parseHex } from '../../../coap/index';
import { World } from '../../../sim/world';
import { loadLanguage } from '../../i18n/i18n';
import { describe as describeMessage } from '../decode/describe';
import { EXAMPLES } from '../decode/examples';
import { PacketIndex } from '../packet-index';
import { latestSequence } from './model';

afterEach(() => loadLanguage('en'));

function publishOnce() {
  const world = new World({ seed: 3 });
  world.addCoapClient('c1');
  world.addMqttClient('m1');
  world.mqttSubscribe('m1', 't', { qos: 0, nl: false, rap: false, rh: 0 });
  world.request('c1', {
    method: 'POST',
    confirmable: true,
    path: 'ps/t?retain=true',
    payload: Uint8Array.of(0x31),
  });
  world.advance(world.now + 1000);
  const journal = world.journal.since(1);
  const index = new PacketIndex(100);
  index.ingest(journal);
  return { rows: index.rows, journal };
}

describe('the diagram and the decoded tree in the page’s language', () => {
  it('names the lanes and tells the titles in Chinese; wire labels stay as sent', async () => {
    const { rows, journal } = publishOnce();
    await loadLanguage('zh-CN');
    const model = latestSequence(rows, journal);
    expect(model.lanes.map((l) => l.label)).toEqual(['c1', '网关', '代理', 'm1']);
    const publish = model.arrows.find((a) => a.kind === 'publish');
    expect(publish?.label).toBe('PUBLISH t q1');
    expect(publish?.labelIsData).toBe(true);
    expect(publish?.title).toMatch(/网关 → 代理：发布到 t，QoS 1/);
    const deliver = model.arrows.find((a) => a.kind === 'deliver');
    // A live delivery is not retained (its label: topic and QoS, as sent).
    expect(deliver?.label).toBe('t q0');
    const request = model.arrows.find((a) => a.kind === 'request');
    expect(request?.title).toMatch(/^.*，c1 → 网关：CON POST \/ps\/t\?retain=true（MID \d+）。/);
  });

  it('glosses the header fields in Chinese and keeps their RFC names', async () => {
    await loadLanguage('zh-CN');
    const parsed = parseHex(EXAMPLES[0].hex);
    if (!parsed.ok) throw new Error(parsed.error);
    const r = decode(parsed.bytes);
    if (!r.ok) throw new Error(r.error.message);
    const view = describeMessage(r.message);
    expect(view.header.map((h) => [h.name, h.note, h.bits])).toEqual([
      ['Version', undefined, '第 7–6 位'],
      ['Type', '可确认消息（0）', '第 5–4 位'],
      ['Token length', undefined, '第 3–0 位'],
      ['Code', '请求', undefined],
      ['Message ID', '0x1a36', undefined],
    ]);
  });
});
