// Block1/Block2 option values (RFC 7959 §2.2): NUM, M and SZX packed into a 0–3 byte uint.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  blockSize,
  decodeBlock,
  encodeBlock,
  formatBlock,
  sizeToSzx,
  toHex,
  type Block,
} from './index';

const hex = (b: Block) => toHex(encodeBlock(b));

describe('encodeBlock', () => {
  it('sends block 0, no more, 16 bytes as the empty value (uint 0)', () => {
    expect(hex({ num: 0, more: false, szx: 0 })).toBe('');
  });

  it('packs NUM in the high bits, M in bit 3 and SZX in the low three: 1/more/64 is 0x1a', () => {
    expect(hex({ num: 1, more: true, szx: 2 })).toBe('1a');
    expect(hex({ num: 0, more: false, szx: 6 })).toBe('06');
    expect(hex({ num: 0, more: true, szx: 6 })).toBe('0e');
  });

  it('grows to 2 bytes from block 16 and to 3 bytes from block 4096', () => {
    expect(hex({ num: 15, more: true, szx: 6 })).toBe('fe');
    expect(hex({ num: 16, more: false, szx: 6 })).toBe('0106');
    expect(hex({ num: 4095, more: false, szx: 0 })).toBe('fff0');
    expect(hex({ num: 4096, more: false, szx: 0 })).toBe('010000');
  });

  it('takes block numbers up to 2^20 - 1 (3 bytes: ff ff fe)', () => {
    expect(hex({ num: 0xfffff, more: true, szx: 6 })).toBe('fffffe');
  });

  it('encodes SZX 7 (reserved) so a peer sending it can be modelled', () => {
    expect(hex({ num: 0, more: false, szx: 7 })).toBe('07');
  });

  it.each([
    ['a block number of 2^20', { num: 0x100000, more: false, szx: 0 }, /0\.\.1048575/],
    ['a negative block number', { num: -1, more: false, szx: 0 }, /block number/],
    ['a fractional block number', { num: 1.5, more: false, szx: 0 }, /block number/],
    ['SZX 8', { num: 0, more: false, szx: 8 }, /SZX must be in 0\.\.7/],
    ['a negative SZX', { num: 0, more: false, szx: -1 }, /SZX/],
  ])('refuses %s', (_, block, message) => {
    expect(() => encodeBlock(block)).toThrow(message);
  });
});

describe('decodeBlock', () => {
  it('reads the empty value as block 0, no more, 16 bytes', () => {
    expect(decodeBlock(new Uint8Array(0))).toEqual({ num: 0, more: false, szx: 0 });
  });

  it('reads 0x1a as block 1, more, SZX 2', () => {
    expect(decodeBlock(Uint8Array.of(0x1a))).toEqual({ num: 1, more: true, szx: 2 });
  });

  it('reads 3 bytes ff ff fe as the last block number', () => {
    expect(decodeBlock(Uint8Array.of(0xff, 0xff, 0xfe))).toEqual({
      num: 0xfffff,
      more: true,
      szx: 6,
    });
  });

  it('reads SZX 7 as it is (the gateway answers 4.00, gateway-behaviour §1.3)', () => {
    expect(decodeBlock(Uint8Array.of(0x07)).szx).toBe(7);
  });

  it('reads a value with leading zeros like the minimal one', () => {
    expect(decodeBlock(Uint8Array.of(0x00, 0x1a))).toEqual(decodeBlock(Uint8Array.of(0x1a)));
  });

  it('round-trips every NUM/M/SZX in the fewest bytes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xfffff }),
        fc.boolean(),
        fc.integer({ min: 0, max: 7 }),
        (num, more, szx) => {
          const value = encodeBlock({ num, more, szx });
          expect(decodeBlock(value)).toEqual({ num, more, szx });
          expect(value.length).toBeLessThanOrEqual(3);
          if (value.length > 0) expect(value[0]).not.toBe(0);
        },
      ),
    );
  });
});

describe('block sizes', () => {
  it('maps SZX 0..6 to 16..1024 bytes', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map(blockSize)).toEqual([16, 32, 64, 128, 256, 512, 1024]);
  });

  it('maps a size back to its SZX, and anything else to undefined', () => {
    expect(sizeToSzx(16)).toBe(0);
    expect(sizeToSzx(64)).toBe(2);
    expect(sizeToSzx(1024)).toBe(6);
    for (const size of [0, 8, 100, 2048, -16, NaN, 1024.5]) expect(sizeToSzx(size)).toBeUndefined();
  });

  it('formats a block as NUM/M/size, the way people write it', () => {
    expect(formatBlock({ num: 2, more: true, szx: 2 })).toBe('2/1/64');
    expect(formatBlock({ num: 0, more: false, szx: 6 })).toBe('0/0/1024');
    expect(formatBlock({ num: 0, more: false, szx: 7 })).toBe('0/0/reserved');
  });
});
