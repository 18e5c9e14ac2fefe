// Words said below the page are messages: the page says them in its language, and what the worker
// hands out (a story, a notice, a shared scenario) is the same whatever that language is.
import { afterEach, describe, expect, it } from 'vitest';
import { loadLanguage } from '../ui/i18n/i18n';
import { renderMsg } from '../ui/i18n/msg';
import { World } from '../sim';
import { parseConfigQuery } from '../gateway';
import { PlaygroundHost } from './host';
import { FakeEnv } from './testing/fake-env';
import { realPeers, runScript } from './testing/traffic';
import { compareModes } from './compare';
import { LIFECYCLE_SCRIPT } from './scripts';
import { parseScenarioJson } from './scenario-codec';
import { msg } from '../wire/msg';
import { printedArgs } from '../ui/i18n/MsgText';

const CJK = /[\u4e00-\u9fff]/;

afterEach(async () => {
  await loadLanguage('en');
});

/** A channel that connected, heartbeat once and expired. */
function expiredStory() {
  const w = new World({ seed: 2, config: { connection_required: true } });
  w.addCoapClient('dev');
  w.request('dev', { method: 'POST', confirmable: true, path: 'mqtt/connection?clientid=dev' });
  w.advance(w.now + 10);
  const id = w.gateway.registered('dev')!.id;
  w.advance(120_000);
  return w.story(id)!.items;
}

describe('a channel story in two languages', () => {
  it('is messages: English as before, Chinese after a switch, wire data as sent', async () => {
    const items = expiredStory();
    const [opened, connected] = items;
    const closed = items.at(-1)!;
    expect(opened.text).toMatchObject({ id: 'story:opened', params: { mode: 'connection' } });
    expect(renderMsg(opened.text)).toMatch(/^Opened in connection mode for 192\.0\.2\.\d+:\d+$/);
    expect(renderMsg(closed.text)).toMatch(/^Expired: /);
    expect(renderMsg(closed.detail)).toContain(
      'The last datagram it heard: CON POST /mqtt/connection',
    );

    await loadLanguage('zh-CN');
    expect(renderMsg(opened.text)).toMatch(/^以连接模式为 192\.0\.2\.\d+:\d+ 打开通道$/);
    expect(renderMsg(connected.text)).toMatch(/^以 dev 创建连接：签发令牌 \S+$/);
    expect(renderMsg(connected.detail)).toMatch(CJK);
    expect(renderMsg(closed.text)).toMatch(/^已超时：/);
    expect(renderMsg(closed.detail)).toMatch(
      /^它收到的最后一个数据报：CON POST \/mqtt\/connection/,
    );
  });

  it('counts subscriptions gone with a close in a plural, in both languages', async () => {
    const gone = (n: number) => msg('story:closed.caused', { line: 'CON DELETE /x', gone: n });
    expect(renderMsg(gone(0))).toBe('Caused by CON DELETE /x.');
    expect(renderMsg(gone(1))).toBe('Caused by CON DELETE /x. Its subscription went with it.');
    expect(renderMsg(gone(2))).toBe('Caused by CON DELETE /x. Its 2 subscriptions went with it.');
    await loadLanguage('zh-CN');
    expect(renderMsg(gone(2))).toBe('起因：CON DELETE /x。它的 2 个订阅也随之删除。');
  });
});

describe('notices in two languages', () => {
  it('a bad setting in the address: English as before, Chinese after a switch', async () => {
    const { notices } = parseConfigQuery('heartbeat=abc&color=red&users=x');
    expect(notices.map((n) => renderMsg(n))).toEqual([
      'heartbeat=abc is not valid (expected a duration from 1s to 24h, e.g. 30s); using the default "30s"',
      "unknown setting 'color' ignored",
      'users=x is not valid (expected name:password pairs separated by commas); using the default "no authentication"',
    ]);
    await loadLanguage('zh-CN');
    expect(notices.map((n) => renderMsg(n))).toEqual([
      'heartbeat=abc 无效（期望值：1s 到 24h 之间的时长，例如 30s）；使用默认值 "30s"',
      "未知设置 'color'，已忽略",
      'users=x 无效（期望值：以逗号分隔的 name:password 对）；使用默认值 “不认证”',
    ]);
  });

  it('a scenario that does not open says why in the page’s language', async () => {
    const r = parseScenarioJson('{"version": 2}');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(renderMsg(r.error)).toBe(
      'scenario version 2 is not supported (this page replays version 1)',
    );
    await loadLanguage('zh-CN');
    expect(renderMsg(r.error)).toBe('不支持场景版本 2（本页面只能重放版本 1）');
  });

  it('a replay names its steps with a plural', () => {
    expect(renderMsg(msg('notices:replay.done', { n: 1, ms: '20' }))).toBe(
      'replayed 1 step to 20 ms; the clock is paused',
    );
    expect(renderMsg(msg('notices:replay.more-failed', { n: 3 }))).toBe('3 more steps failed');
  });
});

describe('the side-by-side comparison in two languages', () => {
  it('words its steps, channel lines and whys as messages', async () => {
    const { rows } = await compareModes(
      LIFECYCLE_SCRIPT,
      (env, seed) => new PlaygroundHost(env, { seed }),
    );
    const whys = rows.flatMap((r) => (r.why ? [r.why] : []));
    expect(whys.length).toBeGreaterThan(0);
    const english = whys.map((w) => renderMsg(w));
    expect(english.some((w) => w.includes('does not block mqtt/connection'))).toBe(true);
    const lifecycle = rows.flatMap((r) => r.connection.lifecycle);
    expect(lifecycle.map((l) => renderMsg(l))).toContain('connected as 123');
    await loadLanguage('zh-CN');
    for (const w of whys) expect(renderMsg(w)).toMatch(CJK);
    expect(lifecycle.map((l) => renderMsg(l))).toContain('以 123 创建连接');
  });
});

describe('what the worker hands out is language-free', () => {
  it('a shared scenario is the same, byte for byte, whatever the page’s language', async () => {
    const share = async () => {
      const env = new FakeEnv(1_000_000);
      const host = new PlaygroundHost(env, { seed: 7 });
      await host.connect(() => {});
      await host.dispatch({ type: 'load-settings', query: '?heartbeat=abc' });
      await runScript(host, env.run);
      realPeers(host);
      return host.shareScenario();
    };
    const english = await share();
    await loadLanguage('zh-CN');
    const chinese = await share();
    expect(chinese).toEqual(english);
    // Its notices are message ids, and its JSON holds no sentence of theirs in any language.
    expect(english.notices).toEqual([{ id: 'notices:scenario.real-peers' }]);
    const sentence = renderMsg(english.notices[0]);
    expect(english.json).not.toContain(sentence);
    await loadLanguage('en');
    expect(english.json).not.toContain(renderMsg(english.notices[0]));
  });
});

describe('printedArgs', () => {
  it('names the arguments printed as they are, not a select’s or a plural’s selector', () => {
    expect([
      ...printedArgs('{a} {n, plural, one {# {b}} other {# {b}}} {m, select, x {y} other {z}}'),
    ]).toEqual(['a', 'b']);
  });
});
