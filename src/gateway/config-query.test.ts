import { describe, expect, it } from 'vitest';
import { configToQuery, parseBrokerUrl, parseConfigQuery } from './config-query';
import { makeConfig } from './config';
import { rendered, said } from '../ui/i18n/testing/rendered';

describe('settings in the URL', () => {
  it('reads the reference’s key names', () => {
    const { patch, notices } = parseConfigQuery(
      '?connection_required=true&heartbeat=30s&notify_type=qos&publish_qos=coap&subscribe_qos=coap&mountpoint=&profile=6.x',
    );
    expect(notices).toEqual([]);
    expect(patch).toEqual({
      connection_required: true,
      heartbeat: 30,
      notify_type: 'qos',
      publish_qos: 'coap',
      subscribe_qos: 'coap',
      mountpoint: '',
      profile: '6.x',
    });
  });

  it('reports an unknown key and a bad value, and falls back to the default', () => {
    const { patch, notices } = parseConfigQuery(
      'color=red&heartbeat=fast&notify_type=maybe&profile=5.x',
    );
    expect(patch).toEqual({ profile: '5.x' });
    expect(rendered(notices)).toEqual([
      "unknown setting 'color' ignored",
      'heartbeat=fast is not valid (expected a duration from 1s to 24h, e.g. 30s); using the default "30s"',
      'notify_type=maybe is not valid (expected qos | con | non); using the default "qos"',
    ]);
  });

  it('reads users, durations in minutes and blockwise settings', () => {
    const { patch } = parseConfigQuery(
      'users=admin:public,a:b:c&heartbeat=2m&blockwise.max_block_size=64',
    );
    expect(patch.authentication).toEqual({
      type: 'users',
      users: [
        { username: 'admin', password: 'public' },
        { username: 'a', password: 'b:c' },
      ],
    });
    expect(patch.heartbeat).toBe(120);
    expect(patch.blockwise?.max_block_size).toBe(64);
  });

  it('round-trips a configuration through the URL', () => {
    const config = makeConfig({
      connection_required: true,
      heartbeat: 45,
      notify_type: 'con',
      mountpoint: 't/${clientid}/',
      profile: '5.x',
      authentication: { type: 'users', users: [{ username: 'u', password: 'p&q' }] },
      deny: [
        { action: 'publish', topic: 'secret/#' },
        { action: 'all', topic: 'a,b/+' },
      ],
      blockwise: { enable: false, max_block_size: 256, max_body_size: 4096 },
    });
    const back = makeConfig(parseConfigQuery(configToQuery(config)).patch);
    expect(back).toEqual(config);
  });
});

describe('the broker setting', () => {
  it('takes a ws:// or wss:// URL, or nothing for the built-in broker', () => {
    expect(parseBrokerUrl('ws://127.0.0.1:9001')).toEqual({ ok: true, url: 'ws://127.0.0.1:9001' });
    expect(parseBrokerUrl('wss://broker.example/mqtt')).toEqual({
      ok: true,
      url: 'wss://broker.example/mqtt',
    });
    expect(parseBrokerUrl('')).toEqual({ ok: true, url: '' });
  });

  it('refuses what a page cannot reach, saying why and that the built-in broker is used', () => {
    const tcp = parseBrokerUrl('mqtt://127.0.0.1:1883');
    expect(tcp.ok).toBe(false);
    expect(!tcp.ok && said(tcp.error)).toMatch(/ws:\/\/ or wss:\/\/.*built-in broker/);
    const junk = parseBrokerUrl('not a url');
    expect(!junk.ok && said(junk.error)).toMatch(/not a URL.*built-in broker/);
  });

  it('is not a gateway setting: no unknown-key notice', () => {
    expect(parseConfigQuery('?broker=ws://127.0.0.1:9001').notices).toEqual([]);
  });
});
