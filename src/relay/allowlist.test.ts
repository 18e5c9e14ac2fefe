import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  AllowList,
  allowDestEntries,
  buildAllowList,
  parseAllowEntry,
  unmapIpv4,
} from './allowlist';

const rulesOf = async (...entries: string[]) => {
  const r = await buildAllowList(entries, async (name) => {
    if (name === 'emqx.lan') return [{ address: '10.1.2.3' }];
    throw new Error(`getaddrinfo ENOTFOUND ${name}`);
  });
  if (!r.ok) throw new Error(r.error);
  return r.allow;
};

describe('the destination allowlist', () => {
  it('admits loopback only by default, and says which flag would admit anything else', () => {
    const a = new AllowList();
    expect(a.check({ address: '127.0.0.1', port: 5683 })).toEqual({
      ok: true,
      address: '127.0.0.1',
    });
    expect(a.check({ address: '127.200.3.4', port: 1 }).ok).toBe(true);
    expect(a.check({ address: '::1', port: 5683 }).ok).toBe(true);
    expect(a.check({ address: '::ffff:127.0.0.1', port: 5683 })).toEqual({
      ok: true,
      address: '127.0.0.1',
    });
    const off = a.check({ address: '192.0.2.10', port: 5683 });
    expect(off).toEqual({
      ok: false,
      reason:
        "192.0.2.10:5683 is not on the relay's destination allowlist (127.0.0.0/8, ::1). To allow it, restart the relay with --allow-dest 192.0.2.10:5683 (or a CIDR block), or set ALLOW_DEST.",
    });
    for (const address of ['128.0.0.1', '10.0.0.1', '::2', 'fe80::1', '0.0.0.0'])
      expect(a.check({ address, port: 5683 }).ok).toBe(false);
  });

  it('refuses port 0 and things that are not addresses, even on loopback', () => {
    const a = new AllowList();
    expect(a.check({ address: '127.0.0.1', port: 0 })).toMatchObject({
      ok: false,
      reason: '127.0.0.1:0: port 0 is not in 1..65535',
    });
    expect(a.check({ address: 'localhost', port: 5683 })).toMatchObject({ ok: false });
  });

  it('widens by CIDR block, by address, by address:port and by a host name resolved once', async () => {
    const a = await rulesOf(
      '10.0.0.0/24',
      '192.0.2.7',
      '198.51.100.9:5683',
      '[fd00::1]:5684',
      'emqx.lan:5683',
    );
    expect(a.check({ address: '10.0.0.200', port: 9 }).ok).toBe(true);
    expect(a.check({ address: '10.0.1.1', port: 9 }).ok).toBe(false);
    expect(a.check({ address: '192.0.2.7', port: 1234 }).ok).toBe(true);
    expect(a.check({ address: '198.51.100.9', port: 5683 }).ok).toBe(true);
    expect(a.check({ address: '198.51.100.9', port: 5684 }).ok).toBe(false);
    expect(a.check({ address: 'fd00::1', port: 5684 }).ok).toBe(true);
    expect(a.check({ address: 'fd00::1', port: 5683 }).ok).toBe(false);
    expect(a.check({ address: '10.1.2.3', port: 5683 }).ok).toBe(true);
    expect(a.check({ address: '10.1.2.3', port: 80 }).ok).toBe(false);
    expect(a.describe()).toContain('emqx.lan:5683 (10.1.2.3)');
  });

  it('parses entries and rejects bad ones with a reason', () => {
    expect(parseAllowEntry('fd00::/8')).toMatchObject({
      ok: true,
      rule: { family: 'ipv6', prefix: 8 },
    });
    expect(parseAllowEntry('::1')).toMatchObject({
      ok: true,
      rule: { address: '::1', prefix: 128 },
    });
    expect(parseAllowEntry('gw.example:5683')).toEqual({
      ok: true,
      name: 'gw.example',
      port: 5683,
    });
    expect(parseAllowEntry('10.0.0.0/33')).toEqual({
      ok: false,
      error: "'10.0.0.0/33': prefix /33 is not in 0..32",
    });
    expect(parseAllowEntry('10.0.0.1:70000')).toEqual({
      ok: false,
      error: "'10.0.0.1:70000': port 70000 is not in 1..65535",
    });
    expect(parseAllowEntry('10.0.0.1:x')).toMatchObject({ ok: false });
    expect(parseAllowEntry('http://x/')).toMatchObject({ ok: false });
    expect(parseAllowEntry('  ')).toEqual({ ok: false, error: 'an empty destination' });
  });

  it('reports an entry that does not resolve', async () => {
    const r = await buildAllowList(['nowhere.invalid'], async (n) => {
      throw new Error(`getaddrinfo ENOTFOUND ${n}`);
    });
    expect(r).toEqual({
      ok: false,
      error:
        "--allow-dest: 'nowhere.invalid' does not resolve: getaddrinfo ENOTFOUND nowhere.invalid",
    });
  });

  it('takes entries from the repeated flag (commas too) and from ALLOW_DEST', () => {
    expect(allowDestEntries(['10.0.0.1', '10.0.0.2,10.0.0.3'], ' 10.0.0.4, 10.0.0.5 ')).toEqual([
      '10.0.0.1',
      '10.0.0.2',
      '10.0.0.3',
      '10.0.0.4',
      '10.0.0.5',
    ]);
    expect(allowDestEntries(undefined, undefined)).toEqual([]);
  });

  it('unmaps IPv4-mapped addresses in both spellings', () => {
    expect(unmapIpv4('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(unmapIpv4('::FFFF:10.0.0.1')).toBe('10.0.0.1');
    expect(unmapIpv4('::1')).toBe('::1');
  });
});

describe('npm start --allow-dest', () => {
  it('exits 2 with the reason on a bad entry, before binding anything', () => {
    const r = spawnSync(
      './node_modules/.bin/tsx',
      ['src/relay/cli.ts', '--port', '0', '--coap-port', '0', '--allow-dest', '10.0.0.0/40'],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("error: --allow-dest: '10.0.0.0/40': prefix /40 is not in 0..32");
    expect(r.stderr).toContain('--allow-dest    let the page send to a real CoAP server');
  }, 30_000);

  it('reads ALLOW_DEST too', () => {
    const r = spawnSync('./node_modules/.bin/tsx', ['src/relay/cli.ts', '--port', '0'], {
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, ALLOW_DEST: '10.0.0.1,bad_entry!' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("error: --allow-dest: 'bad_entry!' is not an address");
  }, 30_000);
});
