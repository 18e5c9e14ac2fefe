import { describe, expect, it } from 'vitest';
import { analyse, highlight } from './analyse';
import { EXAMPLES } from './examples';

describe('analyse', () => {
  it('tells empty input, bad hex, undecodable bytes and a message apart', () => {
    expect(analyse('  ').status).toBe('empty');
    expect(analyse('4g')).toEqual({ status: 'bad-hex', error: "not a hex digit: 'g'" });
    expect(analyse('40 01 00')).toMatchObject({
      status: 'decode-error',
      error: { reason: 'too-short', offset: 0 },
    });
    expect(analyse(EXAMPLES[0].hex).status).toBe('decoded');
  });
});

describe('highlight', () => {
  const a = analyse(EXAMPLES[0].hex);
  const spans = a.status === 'decoded' ? a.spans : [];

  it('lights the bytes of the row under the pointer', () => {
    const h = highlight(spans, { field: 'option-0' });
    expect([...h.fields]).toEqual(['option-0']);
    expect([...h.bytes]).toEqual([5, 6, 7, 8, 9]);
  });

  it('lights every row that covers the byte under the pointer', () => {
    expect([...highlight(spans, { byte: 0 }).fields]).toEqual(['version', 'type', 'token-length']);
    expect([...highlight(spans, { byte: 3 }).bytes]).toEqual([2, 3]);
  });

  it('lights nothing without a pointer', () => {
    expect(highlight(spans, null).bytes.size).toBe(0);
  });
});
