// The composer's and the shell's words computed outside React: English as it always read (plurals
// now right for one), 简体中文 after a switch, and the codec's reasons in the page's language.
import { afterAll, describe, expect, it } from 'vitest';
import { loadLanguage } from '../i18n/i18n';
import { describeSkipped } from '../capture/ImportCapture';
import { terminalSteps } from '../welcome/commands';
import { DEFAULT_FORM, coapReason, compile } from './form';
import { presetForm } from './presets';
import { previewRequest } from './preview';
import { parseServerTarget } from './target';

const capture = {
  name: 'x.pcap',
  format: 'pcap' as const,
  startedAt: null,
  coap: 3,
  malformed: 0,
  otherUdp: 1,
  skipped: { 'not-udp': 2, 'ip-fragment': 1 },
};

afterAll(() => loadLanguage('en'));

describe('in English', () => {
  it('says one of a thing in the singular', () => {
    expect(describeSkipped(capture)).toBe(
      'Left out: 1 UDP datagram on other ports (not CoAP), 2 frames not UDP, 1 frame IP fragments.',
    );
    const one = previewRequest({
      method: 'POST',
      confirmable: true,
      path: 'a',
      payload: new Uint8Array([1]),
    });
    expect(one.ok && one.preview.spans.at(-1)?.label).toBe('Payload, 1 byte');
  });

  it('keeps the codec’s reasons as it says them', () => {
    expect(coapReason("not a hex digit: 'g'")).toBe("not a hex digit: 'g'");
    expect(coapReason('something new')).toBe('something new');
  });
});

describe('in 简体中文', () => {
  it('says the summary, errors and warnings of a form', async () => {
    await loadLanguage('zh-CN');
    expect(compile(DEFAULT_FORM).summary).toBe('CON POST /ps/coap/test · 随机令牌 · 19 字节消息体');
    expect(compile({ ...DEFAULT_FORM, payloadMode: 'hex', payload: '0g' }).payloadError).toBe(
      "消息体不是有效的十六进制：不是十六进制数字：'g'",
    );
    const c = compile({
      ...DEFAULT_FORM,
      params: [
        { id: 1, key: 'qos', value: '1' },
        { id: 2, key: 'q', value: '2' },
      ],
    });
    expect(c.warnings).toEqual([
      'qos 同时以 qos 和 q 给出：以短名称为准（gateway-behaviour §1.7）',
    ]);
  });

  it('says a closed session’s reason, the terminal steps and a server address’s fault', async () => {
    await loadLanguage('zh-CN');
    expect(
      presetForm('publish', 'connection', {
        token: { token: '42', live: false, reason: 'keepalive-timeout' },
      }).notice,
    ).toBe(
      'clientid 123 的会话已结束（保活超时）：这是它的旧令牌，网关现在会以 4.01 拒绝。请发送“创建连接”获取新令牌。',
    );
    expect(terminalSteps({ host: '127.0.0.1', port: 5683 }, 'connectionless')[0].what).toBe(
      '观察 coap/test 60 秒（在一个终端中）',
    );
    expect(parseServerTarget('coap://127.0.0.1:70000')).toEqual({
      ok: false,
      error: "服务器：端口 '70000' 不在 1..65535 范围内",
    });
    expect(describeSkipped({ ...capture, otherUdp: 0, skipped: {} })).toBe('没有遗漏任何内容。');
  });
});
