import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  HostAllowList,
  allowedHostEntries,
  originMatches,
  parseHostHeader,
  targetPath,
} from './trust';

describe('the Host header', () => {
  it('reads a name, an IPv4 address or a bracketed IPv6 address, with or without a port', () => {
    expect(parseHostHeader('LocalHost:5173')).toEqual({ hostname: 'localhost', port: 5173 });
    expect(parseHostHeader('127.0.0.1')).toEqual({ hostname: '127.0.0.1' });
    expect(parseHostHeader('[::1]:80')).toEqual({ hostname: '::1', port: 80 });
  });

  it('refuses what is not a host: empty, a path, userinfo, a bad bracket or port', () => {
    for (const bad of [
      undefined,
      '',
      '//[',
      '[',
      '[::1',
      '[zz]:1',
      'a b',
      'u@h',
      'h:99999',
      'h:',
      'h/x',
    ])
      expect(parseHostHeader(bad), String(bad)).toBeUndefined();
  });
});

describe('the host allowlist (DNS rebinding protection)', () => {
  const hosts = new HostAllowList(['127.0.0.1'], ['mylaptop.lan', '.example.lan']);

  it('answers to loopback names, the bound address and the names it was given, at any port', () => {
    for (const ok of [
      'localhost:5173',
      'app.localhost:5173',
      '127.0.0.1:5173',
      '[::1]:5173',
      'MyLaptop.lan:8080',
      'example.lan',
      'a.b.example.lan:1',
    ])
      expect(hosts.allows(ok), ok).toBe(true);
  });

  it('refuses any other name, however it resolves, and says which flag would allow it', () => {
    for (const bad of ['evil.example:5173', 'notexample.lan', '127.0.0.2:5173', undefined, '//['])
      expect(hosts.allows(bad), String(bad)).toBe(false);
    expect(hosts.refusal('evil.example:5173')).toContain('--allowed-host evil.example');
    expect(hosts.refusal(undefined)).toBe('a Host header is required');
  });

  it('never throws on random headers', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (h) => {
        expect(typeof hosts.allows(h)).toBe('boolean');
        expect(typeof hosts.refusal(h)).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });

  it('takes --allowed-host entries from flags and ALLOWED_HOSTS, and names the first bad one', () => {
    expect(allowedHostEntries(['a.lan,b.lan'], ' [fd00::1] , .x.lan')).toEqual({
      ok: true,
      hosts: ['a.lan', 'b.lan', 'fd00::1', '.x.lan'],
    });
    expect(allowedHostEntries(['ok.lan', 'http://bad'], undefined)).toEqual({
      ok: false,
      error: expect.stringContaining("'http://bad' is not a host name"),
    });
  });
});

describe('the WebSocket origin', () => {
  it('must be the page origin exactly: scheme, host and port', () => {
    expect(originMatches('http://127.0.0.1:5173', '127.0.0.1:5173', 'http')).toBe(true);
    expect(originMatches('http://LOCALHOST:5173', 'localhost:5173', 'http')).toBe(true);
    for (const [origin, host] of [
      ['https://127.0.0.1:5173', '127.0.0.1:5173'],
      ['http://127.0.0.1:5174', '127.0.0.1:5173'],
      ['http://localhost:5173', '127.0.0.1:5173'],
      ['null', '127.0.0.1:5173'],
      ['garbage', '127.0.0.1:5173'],
      ['http://127.0.0.1:5173/', '127.0.0.1:5173'],
      [undefined, '127.0.0.1:5173'],
      ['http://x', undefined],
    ])
      expect(originMatches(origin, host, 'http'), `${origin} on ${host}`).toBe(false);
  });
});

describe('a request target', () => {
  it('gives its path as sent, never parsed as a URL', () => {
    expect(targetPath('/relay?x=1')).toBe('/relay');
    expect(targetPath('//[')).toBe('//[');
    expect(targetPath('http://[/relay')).toBe('http://[/relay');
    expect(targetPath(undefined)).toBe('');
  });
});

describe('npm start --allowed-host', () => {
  it('exits 2 naming a bad entry, from the flag or ALLOWED_HOSTS, before binding anything', () => {
    const run = (args: string[], env: Record<string, string> = {}) =>
      spawnSync(
        process.execPath,
        ['--import', 'tsx', 'src/relay/cli.ts', '--port', '0', '--coap-port', '0', ...args],
        { encoding: 'utf8', timeout: 20_000, env: { ...process.env, ...env } },
      );
    const flag = run(['--allowed-host', 'ok.lan', '--allowed-host', 'evil/path']);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain("error: --allowed-host: 'evil/path' is not a host name");
    expect(flag.stderr).toContain('--allowed-host  also answer to the host name N');
    const env = run([], { ALLOWED_HOSTS: 'a.lan, http://b' });
    expect(env.status).toBe(2);
    expect(env.stderr).toContain("'http://b' is not a host name");
  }, 30_000);
});
