// The request API's body (emqx_coap_api request_body/0) and its route, as the relay and the page
// both check them.
import { describe, expect, it } from 'vitest';
import { parseApiCall, parseDuration, parseRequestBody } from './api';

const path = '/gateways/coap/clients/client1/request';

describe('POST …/clients/:clientid/request', () => {
  it('takes the reference tests’ body, with method get and empty token and payload by default', () => {
    expect(
      parseApiCall('POST', path, [['method', 'get']], {
        content_type: 'text/plain',
        timeout: '10s',
      }),
    ).toEqual({
      ok: true,
      call: {
        op: 'request',
        clientid: 'client1',
        method: 'get',
        token: '',
        contentType: 'text/plain',
        payload: '',
        timeout: 10_000,
      },
    });
  });

  it('refuses what the reference refuses, with its words where it has them', () => {
    const bad = (body: unknown) => {
      const r = parseRequestBody(body);
      return r.ok ? 'ok' : r.message;
    };
    expect(bad({ timeout: 50 })).toBe('missing content_type');
    expect(bad({ content_type: 'text/html', timeout: 50 })).toMatch(/^content_type must be/);
    expect(bad({ content_type: 'text/plain', method: 'GET', timeout: 50 })).toMatch(/^method/);
    expect(bad({ content_type: 'text/plain', timeout: 'soon' })).toBe(
      'timeout: Not a valid duration',
    );
    expect(bad({ content_type: 'text/plain', token: '123456789', timeout: 50 })).toMatch(/8 bytes/);
    expect(
      bad({ content_type: 'application/octet-stream', payload: 'not base64!', timeout: 50 }),
    ).toMatch(/base64/);
    expect(bad({ content_type: 'text/plain' })).toMatch(/^missing timeout/);
  });

  it('reads durations as hocon does', () => {
    expect(parseDuration('50ms')).toBe(50);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration(250)).toBe(250);
    expect(parseDuration('250')).toBe(250);
    expect(parseDuration('10 s')).toBeUndefined();
  });

  it('is POST only; a route check needs no body', () => {
    expect(parseApiCall('GET', path, [], undefined)).toMatchObject({
      ok: false,
      answer: { status: 405 },
    });
    expect(parseApiCall('POST', path, [], undefined, true)).toMatchObject({ ok: true });
    expect(parseApiCall('POST', `${path}/x`, [], undefined, true)).toMatchObject({
      ok: false,
      answer: { status: 404 },
    });
  });
});
