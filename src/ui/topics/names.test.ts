import { describe, expect, it } from 'vitest';
import { channelLabel } from './names';

const ch = (
  id: string,
  clientId: string,
  mode: 'connection' | 'connectionless',
  client?: string,
) => ({
  id,
  clientId,
  mode,
  client,
});

describe('a CoAP client in the topic lists', () => {
  it('is the name given, not the random clientid of a connectionless channel', () => {
    expect(channelLabel([ch('c1', 'gxcgCkcDfNZBzwe6', 'connectionless', 'dev0')], 'c1')).toEqual({
      name: 'dev0',
      clientId: 'gxcgCkcDfNZBzwe6',
    });
  });

  it('is the clientid the user chose in connection mode, and a real peer’s clientid', () => {
    expect(channelLabel([ch('c2', '123', 'connection', 'dev0')], 'c2')).toEqual({ name: '123' });
    expect(channelLabel([ch('c3', 'AbCdEf', 'connectionless')], 'c3')).toEqual({
      name: 'AbCdEf',
    });
  });

  it('keeps the name of a channel after it closed', () => {
    channelLabel([ch('c4', 'q1w2e3r4t5y6u7i8', 'connectionless', 'dev1')], 'c4');
    expect(channelLabel([], 'c4', 'q1w2e3r4t5y6u7i8')).toEqual({
      name: 'dev1',
      clientId: 'q1w2e3r4t5y6u7i8',
    });
    expect(channelLabel([], 'never-seen', 'abc')).toEqual({ name: 'abc' });
  });
});
