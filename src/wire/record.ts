/**
 * A compact binary form for the journal's entries: plain data (objects, arrays, strings,
 * numbers, booleans, null, undefined and Uint8Array) written as bytes and read back as equal
 * objects, keys in their order, `undefined` values kept.
 *
 * Why: the journal keeps 100,000 entries, and as objects the worker's garbage collector copied
 * them again and again on the CPUs the page needs; as bytes they cost it nothing, and an entry is
 * made again when read (docs/performance.md, "Records as bytes"). The page is sent the records
 * themselves and reads them with a codec of its own: the format crosses the worker's boundary.
 *
 * Keys, and the strings of a key that takes few distinct values (kinds, directions, codes, client
 * names, topics), are numbered in tables (one codec per journal; a reader elsewhere learns them,
 * `tableSince` → `learn`), so an entry holds a number for each and reading one gives back the
 * same string, not a copy.
 */

/** What the next value is: a record is a tag, then what that tag says follows. */
const Tag = {
  Undefined: 0,
  Null: 1,
  False: 2,
  True: 3,
  /** A non-negative safe integer, as a base-128 varint. */
  Uint: 4,
  /** A negative safe integer: its magnitude as a varint. */
  Nint: 5,
  /** Any other number: its 8 bytes (IEEE 754). */
  Float: 6,
  /** ASCII text: its length, then a byte a character. */
  Ascii: 7,
  /** Other text: its UTF-8 length, then its UTF-8 bytes. */
  Utf8: 8,
  /** A string from the table: its number. */
  Known: 9,
  /** Its number of keys, then each key's number and its value. */
  Object: 10,
  Array: 11,
  Bytes: 12,
} as const;

/** Strings longer than this are never numbered: long text is rarely repeated word for word. */
const KNOWN_MAX_LENGTH = 256;
/** Distinct strings numbered for one key; past that its values (tokens, payloads) are written. */
const KNOWN_PER_KEY = 64;
/** Strings up to this length are made with `String.fromCharCode`, longer ones by a TextDecoder. */
const SHORT_TEXT = 64;

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();
/** A number's 8 bytes, in the machine's order: a record is read where it was written. */
const FLOAT = new Float64Array(1);
const FLOAT_BYTES = new Uint8Array(FLOAT.buffer);
/** Per length up to SHORT_TEXT, an array for the character codes of an ASCII string read. */
const CODES: number[][] = [];

/**
 * What a codec's tables gained since a reader last learned them: the keys and strings numbered
 * from `keysFrom` and `stringsFrom` on. A reader that learns every delta in order reads every
 * record its writer wrote.
 */
export interface TableDelta {
  keysFrom: number;
  keys: string[];
  stringsFrom: number;
  strings: string[];
}

export class RecordCodec {
  private readonly keyIds = new Map<string, number>();
  private readonly keys: string[] = [];
  /** Per key: how many more of its values may be numbered. */
  private readonly keyBudget: number[] = [];
  private readonly stringIds = new Map<string, number>();
  private readonly strings: string[] = [];

  private out = new Uint8Array(1024);
  private pos = 0;
  private readonly reader = new Reader(this);

  /** `value` as bytes, in a buffer the next call reuses: copy them before writing again. */
  write(value: unknown): Uint8Array {
    this.pos = 0;
    this.value(value, -1);
    return this.out.subarray(0, this.pos);
  }

  /**
   * The value written at `offset` of `bytes`; Uint8Array values are copied into `arena` (from
   * `arena.used`) when one is given, so the entries read together share one buffer.
   */
  read(bytes: Uint8Array, offset: number, arena?: Arena): unknown {
    return this.reader.start(bytes, offset, arena).value();
  }

  /** Where the record the last `read` read ends. */
  get end(): number {
    return this.reader.position;
  }

  /** How many keys and strings the tables hold: a mark for `tableSince`. */
  get tableSize(): { keys: number; strings: number } {
    return { keys: this.keys.length, strings: this.strings.length };
  }

  /** What the tables gained since `mark` (a `tableSize`), for a reader elsewhere to learn. */
  tableSince(mark: { keys: number; strings: number }): TableDelta {
    return {
      keysFrom: mark.keys,
      keys: this.keys.slice(mark.keys),
      stringsFrom: mark.strings,
      strings: this.strings.slice(mark.strings),
    };
  }

  /**
   * Adds a writer's new keys and strings to this codec's tables, so it reads that writer's
   * records. Throws if a delta is missing before this one: the records would read wrong.
   */
  learn(delta: TableDelta): void {
    if (delta.keysFrom > this.keys.length || delta.stringsFrom > this.strings.length)
      throw new RangeError(
        `journal records: a table delta from key ${delta.keysFrom}, string ${delta.stringsFrom} ` +
          `follows one that ended at key ${this.keys.length}, string ${this.strings.length}`,
      );
    for (let i = this.keys.length - delta.keysFrom; i < delta.keys.length; i++) {
      this.keyIds.set(delta.keys[i], this.keys.push(delta.keys[i]) - 1);
      this.keyBudget.push(0);
    }
    for (let i = this.strings.length - delta.stringsFrom; i < delta.strings.length; i++)
      this.stringIds.set(delta.strings[i], this.strings.push(delta.strings[i]) - 1);
  }

  /** @internal */
  keyAt(id: number): string {
    return this.keys[id];
  }

  /** @internal */
  stringAt(id: number): string {
    return this.strings[id];
  }

  private room(n: number): void {
    if (this.pos + n <= this.out.length) return;
    let size = this.out.length * 2;
    while (size < this.pos + n) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.out.subarray(0, this.pos));
    this.out = bigger;
  }

  private byte(b: number): void {
    this.room(1);
    this.out[this.pos++] = b;
  }

  private varint(n: number): void {
    this.room(8);
    while (n >= 0x80) {
      this.out[this.pos++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.out[this.pos++] = n;
  }

  private value(v: unknown, key: number): void {
    switch (typeof v) {
      case 'undefined':
        return this.byte(Tag.Undefined);
      case 'boolean':
        return this.byte(v ? Tag.True : Tag.False);
      case 'number':
        return this.number(v);
      case 'string':
        return this.string(v, key);
      case 'object':
        if (v === null) return this.byte(Tag.Null);
        if (v instanceof Uint8Array) {
          this.byte(Tag.Bytes);
          this.varint(v.length);
          this.room(v.length);
          this.out.set(v, this.pos);
          this.pos += v.length;
          return;
        }
        if (Array.isArray(v)) {
          this.byte(Tag.Array);
          this.varint(v.length);
          for (const item of v) this.value(item, -1);
          return;
        }
        if (ArrayBuffer.isView(v) || v instanceof Map || v instanceof Set || v instanceof Date)
          break;
        return this.object(v as Record<string, unknown>);
    }
    throw new TypeError(`a journal entry holds plain data only, not ${describe(v)}`);
  }

  private number(v: number): void {
    if (Number.isSafeInteger(v) && !Object.is(v, -0)) {
      this.byte(v >= 0 ? Tag.Uint : Tag.Nint);
      this.varint(Math.abs(v));
      return;
    }
    this.byte(Tag.Float);
    this.room(8);
    FLOAT[0] = v;
    this.out.set(FLOAT_BYTES, this.pos);
    this.pos += 8;
  }

  private string(s: string, key: number): void {
    if (key >= 0 && s.length <= KNOWN_MAX_LENGTH) {
      let id = this.stringIds.get(s);
      if (id === undefined && this.keyBudget[key] > 0) {
        this.keyBudget[key]--;
        id = this.strings.push(s) - 1;
        this.stringIds.set(s, id);
      }
      if (id !== undefined) {
        this.byte(Tag.Known);
        this.varint(id);
        return;
      }
    }
    const n = s.length;
    let ascii = true;
    for (let i = 0; i < n && ascii; i++) ascii = s.charCodeAt(i) < 0x80;
    if (ascii) {
      this.byte(Tag.Ascii);
      this.varint(n);
      this.room(n);
      for (let i = 0; i < n; i++) this.out[this.pos++] = s.charCodeAt(i);
      return;
    }
    this.byte(Tag.Utf8);
    // Each UTF-16 code unit is at most 3 bytes of UTF-8; the length goes before, once known.
    this.room(8 + n * 3);
    const at = this.pos;
    const { written } = utf8.encodeInto(s, this.out.subarray(at + 8));
    this.varint(written);
    this.out.copyWithin(this.pos, at + 8, at + 8 + written);
    this.pos += written;
  }

  private object(o: Record<string, unknown>): void {
    this.byte(Tag.Object);
    // The key count goes before the keys: one byte kept for it, filled in after them.
    this.byte(0);
    const countAt = this.pos - 1;
    let n = 0;
    // Entries are object literals: their enumerable keys are their own.
    for (const k in o) {
      let id = this.keyIds.get(k);
      if (id === undefined) {
        id = this.keys.push(k) - 1;
        this.keyIds.set(k, id);
        this.keyBudget.push(KNOWN_PER_KEY);
      }
      this.varint(id);
      this.value(o[k], id);
      n++;
    }
    if (n >= 0x80) throw new RangeError(`a journal entry's object has ${n} keys (at most 127)`);
    this.out[countAt] = n;
  }
}

/** A buffer the Uint8Array values of one read share (see `RecordCodec.read`). */
export interface Arena {
  bytes: Uint8Array;
  used: number;
}

/** Reads one record at a time (the codec keeps one: a read makes no reader). */
class Reader {
  private bytes: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private arena: Arena | undefined;

  constructor(private readonly codec: RecordCodec) {}

  get position(): number {
    return this.pos;
  }

  start(bytes: Uint8Array, pos: number, arena: Arena | undefined): this {
    this.bytes = bytes;
    this.pos = pos;
    this.arena = arena;
    return this;
  }

  private varint(): number {
    let n = 0;
    let scale = 1;
    for (;;) {
      const b = this.bytes[this.pos++];
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 0x80;
    }
  }

  value(): unknown {
    const tag = this.bytes[this.pos++];
    switch (tag) {
      case Tag.Undefined:
        return undefined;
      case Tag.Null:
        return null;
      case Tag.False:
        return false;
      case Tag.True:
        return true;
      case Tag.Uint:
        return this.varint();
      case Tag.Nint:
        return -this.varint();
      case Tag.Float: {
        FLOAT_BYTES.set(this.bytes.subarray(this.pos, this.pos + 8));
        this.pos += 8;
        return FLOAT[0];
      }
      case Tag.Ascii: {
        const n = this.varint();
        const at = this.pos;
        this.pos += n;
        if (n > SHORT_TEXT) return fromUtf8.decode(this.bytes.subarray(at, at + n));
        // The character codes go through an array kept for this length: no view made a string.
        const codes = (CODES[n] ??= new Array<number>(n).fill(0));
        for (let i = 0; i < n; i++) codes[i] = this.bytes[at + i];
        return String.fromCharCode.apply(null, codes);
      }
      case Tag.Utf8: {
        const n = this.varint();
        const at = this.pos;
        this.pos += n;
        return fromUtf8.decode(this.bytes.subarray(at, at + n));
      }
      case Tag.Known:
        return this.codec.stringAt(this.varint());
      case Tag.Object: {
        const n = this.varint();
        const o: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) {
          const key = this.codec.keyAt(this.varint());
          o[key] = this.value();
        }
        return o;
      }
      case Tag.Array: {
        const n = this.varint();
        const a: unknown[] = new Array(n);
        for (let i = 0; i < n; i++) a[i] = this.value();
        return a;
      }
      case Tag.Bytes: {
        const n = this.varint();
        const at = this.pos;
        this.pos += n;
        const arena = this.arena;
        if (!arena || arena.used + n > arena.bytes.length) return this.bytes.slice(at, at + n);
        arena.bytes.set(this.bytes.subarray(at, at + n), arena.used);
        arena.used += n;
        return arena.bytes.subarray(arena.used - n, arena.used);
      }
    }
    throw new RangeError(`journal record: unknown tag ${String(tag)} at byte ${this.pos - 1}`);
  }
}

function describe(v: unknown): string {
  if (typeof v === 'object' && v !== null) return `a ${v.constructor?.name ?? 'object'}`;
  return `a ${typeof v}`;
}
