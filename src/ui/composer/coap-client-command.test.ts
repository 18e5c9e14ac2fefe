import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { encodeString } from '../../coap';
import type { RequestSpec } from '../../coap';
import {
  payloadArgument,
  shellQuote,
  toCoapClientCommand,
  tokenArgument,
} from './coap-client-command';
import type { CoapClientTarget } from './coap-client-command';

const RELAY = { host: '127.0.0.1', port: 5683 };
const text = (s: string) => encodeString(s);

function command(spec: RequestSpec, target: CoapClientTarget = RELAY): string {
  const r = toCoapClientCommand(spec, target);
  if (!r.ok) throw new Error(r.error);
  return r.command;
}
function notes(spec: RequestSpec, target: CoapClientTarget = RELAY): string {
  const r = toCoapClientCommand(spec, target);
  if (!r.ok) throw new Error(r.error);
  return r.notes.join('\n');
}

describe('the coap-client command for the document’s requests', () => {
  it('connects with clientid 123 and admin/public', () => {
    expect(
      command({
        method: 'POST',
        confirmable: true,
        path: 'mqtt/connection?clientid=123&username=admin&password=public',
      }),
    ).toBe(
      "coap-client-notls -m post 'coap://127.0.0.1/mqtt/connection?clientid=123&username=admin&password=public'",
    );
  });

  it('publishes a text payload with -e', () => {
    expect(
      command({
        method: 'POST',
        confirmable: true,
        path: 'ps/coap/test?clientid=123&token=3404490787',
        payload: text('Hi, this is libcoap'),
      }),
    ).toBe(
      "coap-client-notls -m post -e 'Hi, this is libcoap' 'coap://127.0.0.1/ps/coap/test?clientid=123&token=3404490787'",
    );
  });

  it('sends heartbeat and disconnect with put and delete', () => {
    expect(command({ method: 'PUT', confirmable: true, path: 'mqtt/connection?c=1&t=2' })).toBe(
      "coap-client-notls -m put 'coap://127.0.0.1/mqtt/connection?c=1&t=2'",
    );
    expect(command({ method: 'DELETE', confirmable: true, path: 'mqtt/connection' })).toBe(
      'coap-client-notls -m delete coap://127.0.0.1/mqtt/connection',
    );
  });

  it('subscribes with -s (libcoap’s own 0-length Observe) and a -T one below the token', () => {
    const spec: RequestSpec = {
      method: 'GET',
      confirmable: true,
      path: 'ps/coap/test',
      observe: 0,
      token: text('obstoken'),
    };
    expect(command(spec)).toBe(
      'coap-client-notls -m get -s 60 -T obstokem coap://127.0.0.1/ps/coap/test',
    );
    expect(notes(spec)).toContain('libcoap adds 1 to the -T token');
    expect(notes(spec)).toContain('0x6f6273746f6b656e ("obstoken") on the wire');
    expect(notes(spec)).toContain('0-length Observe');
  });

  it('registers with -O 6,0x00 when asked not to keep observing', () => {
    const spec: RequestSpec = { method: 'GET', confirmable: true, path: 'ps/a', observe: 0 };
    expect(command(spec, { ...RELAY, observeSeconds: 0 })).toBe(
      'coap-client-notls -m get -O 6,0x00 coap://127.0.0.1/ps/a',
    );
    expect(notes(spec, { ...RELAY, observeSeconds: 0 })).toContain('1-byte Observe 0x00');
    expect(command(spec, { ...RELAY, observeSeconds: 5 })).toContain('-s 5 ');
  });

  it('deregisters with -O 6,0x01', () => {
    expect(
      command({ method: 'GET', confirmable: true, path: 'ps/coap/test?c=123&t=9', observe: 1 }),
    ).toBe("coap-client-notls -m get -O 6,0x01 'coap://127.0.0.1/ps/coap/test?c=123&t=9'");
  });

  it('writes other Observe values in their fewest bytes', () => {
    expect(command({ method: 'GET', confirmable: true, path: 'x', observe: 300 })).toContain(
      '-O 6,0x012c',
    );
  });
});

describe('flags', () => {
  it('sends NON with -N', () => {
    expect(command({ method: 'POST', confirmable: false, path: 'ps/t' })).toBe(
      'coap-client-notls -m post -N coap://127.0.0.1/ps/t',
    );
  });

  it('sets Content-Format with -t <number>', () => {
    expect(
      command({
        method: 'POST',
        confirmable: true,
        path: 'ps/t',
        contentFormat: 50,
        payload: text('{"a":1}'),
      }),
    ).toBe('coap-client-notls -m post -t 50 -e \'{"a":1}\' coap://127.0.0.1/ps/t');
    expect(
      command({ method: 'POST', confirmable: true, path: 'ps/t', contentFormat: 0 }),
    ).toContain('-t 0 ');
  });

  it('adds -U and the port for a relay on a non-default port', () => {
    const spec: RequestSpec = { method: 'GET', confirmable: true, path: 'ps/t', observe: 1 };
    expect(command(spec, { host: '127.0.0.1', port: 5700 })).toBe(
      'coap-client-notls -m get -O 6,0x01 -U coap://127.0.0.1:5700/ps/t',
    );
    expect(notes(spec, { host: '127.0.0.1', port: 5700 })).toContain('no Uri-Host or Uri-Port');
  });

  it('adds -U for a host name (which would add Uri-Host), not for an IP literal', () => {
    expect(
      command({ method: 'GET', confirmable: true, path: 'a' }, { host: 'localhost', port: 5683 }),
    ).toBe('coap-client-notls -m get -U coap://localhost/a');
    expect(
      command({ method: 'GET', confirmable: true, path: 'a' }, { host: '::1', port: 5683 }),
    ).toBe("coap-client-notls -m get 'coap://[::1]/a'");
  });

  it('passes extra options as -O number,0xhex', () => {
    expect(
      command({
        method: 'GET',
        confirmable: true,
        path: 'a',
        options: [
          { number: 2048, value: Uint8Array.of(1, 2) },
          { number: 2050, value: new Uint8Array(0) },
        ],
      }),
    ).toBe('coap-client-notls -m get -O 2048,0x0102 -O 2050 coap://127.0.0.1/a');
  });

  it('names the other methods and refuses codes -m cannot send', () => {
    expect(command({ method: 5, confirmable: true, path: 'a' })).toContain('-m fetch');
    expect(command({ method: 7, confirmable: true, path: 'a' })).toContain('-m ipatch');
    const r = toCoapClientCommand({ method: 9, confirmable: true, path: 'a' }, RELAY);
    expect(r.ok).toBe(false);
  });

  it('says coap-client chooses its own message ID', () => {
    expect(notes({ method: 'GET', confirmable: true, path: 'a', messageId: 7 })).toContain(
      'its own Message ID, not 7',
    );
  });

  it('rejects a path that is not a URI path', () => {
    expect(toCoapClientCommand({ method: 'GET', confirmable: true, path: 'a%zz' }, RELAY)).toEqual({
      ok: false,
      error: "bad percent-encoding in path segment 'a%zz'",
    });
  });
});

describe('the URI', () => {
  it('keeps percent-escapes: # as %23, & inside a value as %26, spaces as %20', () => {
    expect(
      command({
        method: 'GET',
        confirmable: true,
        path: 'ps/a/%23?password=x%26y&c=a%20b',
        observe: 0,
      }),
    ).toContain("'coap://127.0.0.1/ps/a/%23?password=x%26y&c=a%20b'");
  });

  it('keeps ps//abc (an empty segment: topic /abc)', () => {
    expect(command({ method: 'POST', confirmable: true, path: 'ps//abc' })).toContain(
      'coap://127.0.0.1/ps//abc',
    );
  });

  it('encodes non-ASCII path and query as UTF-8 escapes', () => {
    expect(command({ method: 'POST', confirmable: true, path: 'ps/温度?c=设备' })).toContain(
      "'coap://127.0.0.1/ps/%E6%B8%A9%E5%BA%A6?c=%E8%AE%BE%E5%A4%87'",
    );
  });
});

describe('tokens (-T is incremented by libcoap)', () => {
  it('passes the token minus one', () => {
    expect(tokenArgument(text('obstoken'))).toEqual({ ok: true, text: 'obstokem' });
    expect(tokenArgument(text('ab'))).toEqual({ ok: true, text: 'aa' });
    expect(tokenArgument(text('ba'))).toEqual({ ok: true, text: 'b`' });
    expect(tokenArgument(text('a!'))).toEqual({ ok: true, text: 'a ' });
  });

  it('passes an empty -T for token 0x01 (libcoap sends 0 + 1)', () => {
    expect(tokenArgument(Uint8Array.of(1))).toEqual({ ok: true, text: '' });
    expect(command({ method: 'GET', confirmable: true, path: 'a', token: Uint8Array.of(1) })).toBe(
      "coap-client-notls -m get -T '' coap://127.0.0.1/a",
    );
  });

  it('cannot borrow into unprintable bytes', () => {
    // 0x0100 − 1 = 0x00ff: the leading zero goes, and 0xff is not text.
    expect(tokenArgument(Uint8Array.of(0x01, 0x00))).toMatchObject({ ok: false });
    expect(tokenArgument(Uint8Array.of(0x01, 0x21))).toMatchObject({ ok: false });
  });

  it('cannot make an empty token, one with a leading zero byte, or one needing unprintable -T', () => {
    expect(tokenArgument(new Uint8Array(0))).toMatchObject({ ok: false });
    expect(tokenArgument(Uint8Array.of(0, 0x61))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('starts with a zero byte'),
    });
    expect(tokenArgument(Uint8Array.of(0xca, 0xfe))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not printable'),
    });
    expect(tokenArgument(text('b\u0000'))).toMatchObject({ ok: false }); // borrow: a 0xff
  });

  it('leaves -T out, and says why, when the token cannot be made', () => {
    const spec: RequestSpec = {
      method: 'GET',
      confirmable: true,
      path: 'a',
      token: new Uint8Array(0),
    };
    expect(command(spec)).toBe('coap-client-notls -m get coap://127.0.0.1/a');
    expect(notes(spec)).toContain('cannot send an empty one');
  });

  it('leaves -T out for a random token', () => {
    const spec: RequestSpec = { method: 'GET', confirmable: true, path: 'a' };
    expect(command(spec)).not.toContain('-T');
    expect(notes(spec)).toContain('coap-client uses its own');
  });

  it('quotes a -T text that needs it', () => {
    expect(command({ method: 'GET', confirmable: true, path: 'a', token: text("it's") })).toContain(
      `-T 'it'\\''r'`,
    );
  });
});

describe('payloads (-e is percent-decoded by coap-client)', () => {
  it('keeps readable text, UTF-8 included', () => {
    expect(payloadArgument(text('温度 21.5 °C'))).toEqual({ text: '温度 21.5 °C', escaped: false });
  });

  it('writes % as %25 (a bare % makes coap-client drop the payload)', () => {
    expect(payloadArgument(text('100%'))).toEqual({ text: '100%25', escaped: false });
    expect(
      notes({ method: 'POST', confirmable: true, path: 'ps/a', payload: text('5%') }),
    ).toContain('%25');
  });

  it('writes control characters and invalid UTF-8 as %XX', () => {
    expect(payloadArgument(text('a\nb\tc'))).toEqual({ text: 'a%0Ab%09c', escaped: true });
    expect(payloadArgument(Uint8Array.of(0x00, 0x41, 0xff, 0x25))).toEqual({
      text: '%00A%FF%25',
      escaped: true,
    });
    const spec: RequestSpec = {
      method: 'POST',
      confirmable: true,
      path: 'ps/a',
      payload: Uint8Array.of(0xde, 0xad, 0xbe, 0xef),
    };
    expect(command(spec)).toBe('coap-client-notls -m post -e %DE%AD%BE%EF coap://127.0.0.1/ps/a');
    expect(notes(spec)).toContain('percent-decodes -e');
  });

  it('quotes a payload with quotes and shell characters', () => {
    expect(
      command({
        method: 'POST',
        confirmable: true,
        path: 'ps/a',
        payload: text(`it's $HOME "x" \`id\``),
      }),
    ).toContain(`-e 'it'\\''s $HOME "x" \`id\`'`);
  });

  it('sends no -e for an empty payload', () => {
    expect(
      command({ method: 'POST', confirmable: true, path: 'ps/a', payload: new Uint8Array(0) }),
    ).toBe('coap-client-notls -m post coap://127.0.0.1/ps/a');
  });
});

describe('shellQuote', () => {
  it('leaves plain words alone and single-quotes the rest', () => {
    expect(shellQuote('abc-1.2/x:y=z,%41')).toBe('abc-1.2/x:y=z,%41');
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("'")).toBe(`''\\'''`);
    expect(shellQuote('~root')).toBe("'~root'");
  });

  it('round-trips through a real POSIX shell', () => {
    for (const word of [
      "it's",
      '$(id) `id` $HOME',
      'a\\b "c"',
      '*?[x]{a,b}',
      "''",
      '!event',
      'semi;colon|pipe&amp<>',
      '温度 °C',
      '-n',
    ]) {
      const out = execFileSync('/bin/sh', ['-c', `printf '%s' ${shellQuote(word)}`], {
        encoding: 'utf8',
      });
      expect(out).toBe(word);
    }
  });
});
