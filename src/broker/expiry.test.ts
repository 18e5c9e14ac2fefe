import { describe, expect, it } from 'vitest';
import { Broker } from './broker';
import type { MqttMessage } from './types';

const at = (publishedAt: number, expiryInterval?: number): MqttMessage => ({
  id: 1,
  topic: 't',
  payload: new Uint8Array(0),
  qos: 0,
  retain: false,
  publishedAt,
  from: 'c',
  expiryInterval,
});

describe('message expiry', () => {
  it('never expires a message without an expiry interval', () => {
    expect(Broker.isExpired(at(0), Number.MAX_SAFE_INTEGER)).toBe(false);
    expect(Broker.remainingExpiry(at(0), 1e12)).toBeUndefined();
  });

  it('expires a message once strictly more than its interval has passed', () => {
    expect(Broker.isExpired(at(1_000, 10), 11_000)).toBe(false);
    expect(Broker.isExpired(at(1_000, 10), 11_001)).toBe(true);
  });

  it('expires an interval of 0 one millisecond after publishing', () => {
    expect(Broker.isExpired(at(500, 0), 500)).toBe(false);
    expect(Broker.isExpired(at(500, 0), 501)).toBe(true);
  });

  it('forwards the interval minus the whole seconds waited', () => {
    expect(Broker.remainingExpiry(at(0, 60), 0)).toBe(60);
    expect(Broker.remainingExpiry(at(0, 60), 999)).toBe(60);
    expect(Broker.remainingExpiry(at(0, 60), 1_000)).toBe(59);
    expect(Broker.remainingExpiry(at(0, 60), 59_999)).toBe(1);
  });

  it('never forwards 0 once time has passed (EMQX rounds up to 1)', () => {
    expect(Broker.remainingExpiry(at(0, 60), 60_000)).toBe(1);
    expect(Broker.remainingExpiry(at(0, 0), 0)).toBe(0);
    expect(Broker.remainingExpiry(at(0, 0), 5_000)).toBe(1);
  });
});
