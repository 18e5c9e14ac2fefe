import { describe, expect, it } from 'vitest';
// The test (not the page) may check the display formula against the gateway's own.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { keepaliveTiming } from '../../gateway/config';
import { keepaliveForDisplay, settingsUrl } from './url';

describe('the settings link', () => {
  it('replaces the gateway keys and keeps the page keys', () => {
    const url = settingsUrl(
      'http://x.test/app/?users=a:b&heartbeat=10s&seed=7&bogus=1&testhooks#top',
      'connection_required=true&heartbeat=30s',
    );
    const u = new URL(url);
    expect(u.pathname).toBe('/app/');
    expect(u.hash).toBe('#top');
    expect([...u.searchParams.keys()]).toEqual([
      'connection_required',
      'heartbeat',
      'seed',
      'testhooks',
    ]);
    expect(u.searchParams.get('heartbeat')).toBe('30s');
    expect(u.searchParams.get('seed')).toBe('7');
  });
});

describe('keep-alive timing for display (gateway-behaviour §1.6)', () => {
  it('checks every 15 s and expires after 45 s for the default 30 s', () => {
    expect(keepaliveForDisplay(30)).toEqual({ checkInterval: 15_000, maxIdle: 45_000 });
  });
  it('clamps the check interval to 1..30 s', () => {
    expect(keepaliveForDisplay(1).checkInterval).toBe(1000);
    expect(keepaliveForDisplay(120).checkInterval).toBe(30_000);
  });
  it("agrees with the gateway's keepaliveTiming", () => {
    for (const hb of [1, 1.5, 2, 10, 30, 59, 60, 61, 300, 86_400])
      expect(keepaliveForDisplay(hb)).toEqual(keepaliveTiming(hb));
  });
});
