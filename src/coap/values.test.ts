// Option values (uint, string), option look-ups, codes and their names, hex as people paste it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CODES,
  EMPTY,
  OPT,
  OPTIONS,
  bytesEqual,
  code,
  codeClass,
  codeDetail,
  codeDotted,
  codeName,
  decodeString,
  decodeUint,
  encodeString,
  encodeUint,
  getOption,
  getOptions,
  getStringOptions,
  getUintOption,
  isCritical,
  isEmptyCode,
  isNoCacheKey,
  isRequestCode,
  isResponseCode,
  isUnsafe,
  optionName,
  optionNumber,
  parseCode,
  parseHex,
  stringOption,
  toHex,
  uintOption,
  withOption,
} from './index';

describe('uint option values (RFC 7252 §3.2)', () => {
  it.each([
    [0, ''],
    [1, '01'],
    [255, 'ff'],
    [256, '0100'],
    [5684, '1634'],
    [65535, 'ffff'],
    [65536, '010000'],
    [0xffffff, 'ffffff'],
    [0x1000000, '01000000'],
    [0xffffffff, 'ffffffff'],
  ])('sends %i in the fewest bytes: "%s"', (n, hex) => {
    expect(toHex(encodeUint(n))).toBe(hex);
  });

  it.each([-1, 1.5, 2 ** 32, NaN, Infinity])('refuses %d', (n) => {
    expect(() => encodeUint(n)).toThrow(/0\.\.4294967295/);
  });

  it('reads the empty value as 0 and accepts leading zeros, as receivers must', () => {
    expect(decodeUint(EMPTY)).toBe(0);
    expect(decodeUint(Uint8Array.of(0x00))).toBe(0);
    expect(decodeUint(Uint8Array.of(0x00, 0x00, 0x05))).toBe(5);
    expect(decodeUint(Uint8Array.of(0xff, 0xff, 0xff, 0xff))).toBe(0xffffffff);
  });

  it('round-trips every uint32 with no leading zero byte', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), (n) => {
        const bytes = encodeUint(n);
        expect(decodeUint(bytes)).toBe(n);
        expect(bytes.length).toBe(n === 0 ? 0 : Math.ceil(Math.log2(n + 1) / 8));
        if (bytes.length > 0) expect(bytes[0]).not.toBe(0);
      }),
    );
  });
});

describe('string option values', () => {
  it('reads UTF-8 exactly as TextDecoder does, short ASCII or not (invalid bytes become U+FFFD)', () => {
    const reference = new TextDecoder();
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 40 }),
          fc.uint8Array({ max: 0x7f, maxLength: 40 }),
          fc.string({ unit: 'grapheme', maxLength: 20 }).map((t) => encodeString(t)),
        ),
        (bytes) => {
          expect(decodeString(bytes)).toBe(reference.decode(bytes));
        },
      ),
      { numRuns: 2000 },
    );
    expect(decodeString(encodeString('ps/coap/中文'))).toBe('ps/coap/中文');
    expect(decodeString(Uint8Array.of(0x61, 0xff, 0x62))).toBe('a\ufffdb');
  });
});

describe('option look-ups', () => {
  const options = [
    uintOption(OPT.Observe, 0),
    stringOption(OPT.UriPath, 'ps'),
    stringOption(OPT.UriPath, 'coap'),
    stringOption(OPT.UriQuery, 'clientid=€'),
  ];
  const m = { options };

  it('finds the first option with a number, or undefined', () => {
    expect(getOption(m, OPT.UriPath)?.value).toEqual(encodeString('ps'));
    expect(getOption(m, OPT.Block2)).toBeUndefined();
  });

  it('finds every repeated option in wire order', () => {
    expect(getOptions(m, OPT.UriPath)).toHaveLength(2);
    expect(getStringOptions(m, OPT.UriPath)).toEqual(['ps', 'coap']);
    expect(getStringOptions(m, OPT.UriQuery)).toEqual(['clientid=€']);
  });

  it('reads a uint option, telling a 0-length Observe apart from no Observe', () => {
    expect(getUintOption(m, OPT.Observe)).toBe(0);
    expect(getUintOption({ options: [] }, OPT.Observe)).toBeUndefined();
  });

  it('inserts an option after every option with the same or lower number', () => {
    const added = withOption(options, stringOption(OPT.UriPath, 'test'));
    expect(getStringOptions({ options: added }, OPT.UriPath)).toEqual(['ps', 'coap', 'test']);
    expect(added.map((o) => o.number)).toEqual([6, 11, 11, 11, 15]);
    expect(withOption(options, uintOption(OPT.UriHost, 1))[0].number).toBe(3);
    expect(withOption(options, uintOption(OPT.Size1, 1)).at(-1)?.number).toBe(60);
    expect(options).toHaveLength(4);
  });
});

describe('option registry', () => {
  it('names options, and unknown ones by number', () => {
    expect(optionName(11)).toBe('Uri-Path');
    expect(optionName(258)).toBe('No-Response');
    expect(optionName(2048)).toBe('Option 2048');
    expect(optionNumber('uri-path')).toBe(11);
    expect(optionNumber('OBSERVE')).toBe(6);
    expect(optionNumber('Uri-Paths')).toBeUndefined();
  });

  it('agrees with OPT on every number', () => {
    for (const [key, n] of Object.entries(OPT)) {
      expect(OPTIONS[n].name.replace(/-/g, '')).toBe(key);
    }
  });

  it('derives critical, unsafe and no-cache-key from the number (RFC 7252 §5.4.6)', () => {
    expect([isCritical(3), isUnsafe(3), isNoCacheKey(3)]).toEqual([true, true, false]); // Uri-Host
    expect([isCritical(6), isUnsafe(6)]).toEqual([false, true]); // Observe
    expect([isCritical(11), isUnsafe(11)]).toEqual([true, true]); // Uri-Path
    expect([isCritical(14), isUnsafe(14)]).toEqual([false, true]); // Max-Age
    expect([isCritical(23), isUnsafe(23), isNoCacheKey(23)]).toEqual([true, true, false]);
    expect(isNoCacheKey(28)).toBe(true); // Size2
    expect(isNoCacheKey(60)).toBe(true); // Size1
    expect(isCritical(2048)).toBe(false);
  });
});

describe('codes', () => {
  it('names codes the way people write them', () => {
    expect(codeName(0x45)).toBe('2.05 Content');
    expect(codeName(0x01)).toBe('0.01 GET');
    expect(codeName(0x00)).toBe('0.00 Empty');
    expect(codeName(0x84)).toBe('4.04 Not Found');
    expect(codeName(0x5e)).toBe('2.30 (unknown)');
    expect(codeDotted(0xa0)).toBe('5.00');
    expect(codeDotted(0xff)).toBe('7.31');
  });

  it('has a name for every code in CODES', () => {
    for (const c of Object.values(CODES)) expect(codeName(c)).not.toMatch(/unknown/);
  });

  it('packs class and detail: 2.05 is 0x45', () => {
    expect(code(2, 5)).toBe(0x45);
    expect(CODES.CONTENT).toBe(code(2, 5));
    expect(CODES.CONTINUE).toBe(code(2, 31));
    expect([codeClass(0x84), codeDetail(0x84)]).toEqual([4, 4]);
  });

  it.each([
    ['2.05', 0x45],
    ['205', 0x45],
    [' 4.04 ', 0x84],
    ['0.00', 0],
    ['2.31', 0x5f],
    ['7.31', 0xff],
    ['2.5', undefined],
    ['2.32', undefined],
    ['8.00', undefined],
    ['Content', undefined],
    ['', undefined],
  ])('parses %j as %s', (text, expected) => {
    expect(parseCode(text)).toBe(expected);
  });

  it('tells requests, responses and Empty apart; classes 1, 3, 6, 7 are neither', () => {
    expect([isRequestCode(0x01), isRequestCode(0x1f), isRequestCode(0x00)]).toEqual([
      true,
      true,
      false,
    ]);
    expect([0x41, 0x5f, 0x80, 0xa0, 0xbf].map(isResponseCode)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect([0x00, 0x21, 0x60, 0x7f, 0xc0, 0xe0].map(isResponseCode)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect([isEmptyCode(0), isEmptyCode(0x45)]).toEqual([true, false]);
  });
});

describe('parseHex, for hex pasted by people', () => {
  it.each([
    ['', ''],
    ['0x', ''],
    ['40011234', '40011234'],
    ['40 01 12 34', '40011234'],
    ['40:01:12:34', '40011234'],
    ['40-01,12 34', '40011234'],
    ['0x40 0x01', '4001'],
    ['0X4001', '4001'],
    ['AbCd', 'abcd'],
    ['\t40\n01\r\n', '4001'],
    ['40\u00a001', '4001'],
  ])('reads %j as %s', (text, hex) => {
    const r = parseHex(text);
    expect(r.ok && toHex(r.bytes)).toBe(hex);
  });

  it.each([
    ['401', 'odd number of hex digits'],
    ['4 0 1', 'odd number of hex digits'],
    ['zz', "not a hex digit: 'z'"],
    ['40 0g', "not a hex digit: 'g'"],
    ['40.01', "not a hex digit: '.'"],
    ['x40', "not a hex digit: 'x'"],
  ])('refuses %j: %s', (text, error) => {
    expect(parseHex(text)).toEqual({ ok: false, error });
  });

  it('reads back what toHex writes, with or without a separator', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.constantFrom('', ' ', ':'), (b, sep) => {
        const r = parseHex(toHex(b, sep));
        expect(r.ok && bytesEqual(r.bytes, b)).toBe(true);
      }),
    );
  });

  it('writes lower-case hex with an optional separator', () => {
    expect(toHex(Uint8Array.of(0x0a, 0xff, 0x00), ' ')).toBe('0a ff 00');
    expect(toHex(EMPTY)).toBe('');
  });

  it('compares bytes by content', () => {
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(bytesEqual(Uint8Array.of(1), Uint8Array.of(1, 0))).toBe(false);
  });
});
