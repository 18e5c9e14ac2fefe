import { decodeUint, encodeUint } from './values';

/** A Block1/Block2 option value (RFC 7959 §2.2): block number, more flag and size exponent. */
export interface Block {
  num: number;
  more: boolean;
  /** SZX: the block size is 2^(szx+4), 16..1024; 7 is reserved (RFC 7959 §2.2). */
  szx: number;
}

export const blockSize = (szx: number): number => 1 << (szx + 4);

/** The SZX for a block size of 16..1024 bytes, or undefined when it is not a power of two in range. */
export function sizeToSzx(size: number): number | undefined {
  const szx = Math.log2(size) - 4;
  return Number.isInteger(szx) && szx >= 0 && szx <= 6 ? szx : undefined;
}

export function decodeBlock(value: Uint8Array): Block {
  const v = decodeUint(value);
  return { num: Math.floor(v / 16), more: (v & 0x08) !== 0, szx: v & 0x07 };
}

export function encodeBlock(b: Block): Uint8Array {
  if (!Number.isInteger(b.num) || b.num < 0 || b.num > 0xfffff) {
    throw new RangeError(`block number must be in 0..1048575 (20 bits), got ${b.num}`);
  }
  if (!Number.isInteger(b.szx) || b.szx < 0 || b.szx > 7) {
    throw new RangeError(`block SZX must be in 0..7, got ${b.szx}`);
  }
  return encodeUint(b.num * 16 + (b.more ? 8 : 0) + b.szx);
}

export const formatBlock = (b: Block): string =>
  `${b.num}/${b.more ? 1 : 0}/${b.szx === 7 ? 'reserved' : blockSize(b.szx)}`;
