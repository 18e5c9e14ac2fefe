import { describe, expect, it } from 'vitest';
import { i18n, loadLanguage } from '../i18n/i18n';
import { explainClose } from './closeReasons';

await loadLanguage('zh-CN');
await loadLanguage('en');
const en = i18n.getFixedT('en');
const zh = i18n.getFixedT('zh-CN');

describe('why a channel closed, in the page’s language', () => {
  it('says the keep-alive window from the heartbeat, in English as before', () => {
    const why = explainClose('keepalive-timeout', 30, en);
    expect(why.label).toBe('keep-alive');
    expect(en(why.text.key, why.text.values)).toBe(
      'No datagram for 45–60 s: keep-alive expired (1.5 × heartbeat), taking its subscriptions and token with it.',
    );
  });

  it('says it in Chinese with the same numbers, and the wire text tagged as data', () => {
    const why = explainClose('keepalive-timeout', 3, zh);
    expect(why.label).toBe('保活超时');
    expect(zh(why.text.key, why.text.values)).toMatch(/^4\.5–6 秒内没有收到数据报/);
    const kicked = explainClose('kicked', 30, zh);
    expect(zh(kicked.text.key)).toBe(
      '通过管理 API 踢出（<code>DELETE /gateways/coap/clients/:id</code>）。',
    );
  });

  it('shows a reason it does not know as the gateway named it', () => {
    const why = explainClose('cosmic-ray', 30, zh);
    expect(why.label).toBe('cosmic-ray');
    expect(zh(why.text.key)).toBe('被网关关闭。');
  });
});
