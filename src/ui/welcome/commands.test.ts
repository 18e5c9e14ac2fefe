import { describe, expect, it } from 'vitest';
import { terminalSteps } from './commands';

describe("the welcome's terminal commands", () => {
  it('talk to the relay the page is attached to, with the binary Debian ships', () => {
    const steps = terminalSteps({ host: '127.0.0.1', port: 5683 }, 'connectionless');
    expect(steps.map((s) => s.command)).toEqual([
      'coap-client-notls -m get -s 60 coap://127.0.0.1/ps/coap/test',
      "coap-client-notls -m post -e 'Hi, this is libcoap' coap://127.0.0.1/ps/coap/test",
    ]);
  });

  it('give a relay on another port with -U and the port in the URI', () => {
    const [observe] = terminalSteps({ host: '127.0.0.1', port: 5684 }, 'connectionless');
    expect(observe.command).toContain('coap://127.0.0.1:5684/ps/coap/test');
    expect(observe.command).toContain(' -U ');
  });

  it('connect first in connection mode, then carry clientid and the printed token', () => {
    const steps = terminalSteps({ host: '127.0.0.1', port: 5683 }, 'connection');
    expect(steps.map((s) => s.command)).toEqual([
      "coap-client-notls -m post 'coap://127.0.0.1/mqtt/connection?clientid=123'",
      "coap-client-notls -m post -e 'Hi, this is libcoap' 'coap://127.0.0.1/ps/coap/test?clientid=123&token=TOKEN'",
      "coap-client-notls -m put 'coap://127.0.0.1/mqtt/connection?clientid=123&token=TOKEN'",
      "coap-client-notls -m delete 'coap://127.0.0.1/mqtt/connection?clientid=123&token=TOKEN'",
    ]);
  });
});
