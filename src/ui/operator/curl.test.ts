import { describe, expect, it } from 'vitest';
import { clientPath, curlCommand } from './curl';

describe('curl commands for the Operator view', () => {
  it('lists, kicks and sends a request the way the README does', () => {
    const base = 'http://127.0.0.1:5173';
    expect(curlCommand({ method: 'GET', path: '/gateways/coap/clients', query: [] }, base)).toBe(
      "curl -u 'KEY:SECRET' 'http://127.0.0.1:5173/api/v5/gateways/coap/clients'",
    );
    expect(
      curlCommand({ method: 'DELETE', path: clientPath('a b/c'), query: [] }, base, 'k:s'),
    ).toBe(
      "curl -u 'k:s' -X DELETE 'http://127.0.0.1:5173/api/v5/gateways/coap/clients/a%20b%2Fc'",
    );
    expect(
      curlCommand(
        {
          method: 'POST',
          path: clientPath('client1', '/request'),
          query: [],
          body: { payload: "it's" },
        },
        base,
      ),
    ).toBe(
      `curl -u 'KEY:SECRET' -H 'content-type: application/json' -d '{"payload":"it'\\''s"}' 'http://127.0.0.1:5173/api/v5/gateways/coap/clients/client1/request'`,
    );
  });
});
