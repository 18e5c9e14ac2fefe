// The relay end to end in Node: real UDP sockets on loopback, the relay, and a worker host
// attached through RelayLink over a real WebSocket (the `ws` package stands in for the
// browser's). Every loop here is bounded.
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decode, encode, encodeString, parseUri, codeDotted, decodeString } from '../coap';
import type { CoapMessage } from '../coap';
import { PlaygroundHost } from '../worker/host';
import { startRelay } from './server';
import { closers, page, until } from './testing/page';
import type { Relay } from './server';
import { FROM_DEST, TO_DEST, decodeFrame, encodeFrame, parseControl } from '../wire/frames';
import type { ControlMessage } from '../wire/frames';
import { rendered, said } from '../ui/i18n/testing/rendered';

async function relay(): Promise<Relay> {
  const r = await startRelay({ port: 0, coapPort: 0 });
  closers.push(() => r.close());
  return r;
}

async function udpClient(): Promise<Socket> {
  const s = createSocket('udp4');
  await new Promise<void>((ok) => s.bind(0, '127.0.0.1', () => ok()));
  closers.push(() => s.close());
  return s;
}

/** Sends a datagram and waits for the first answer (or undefined after `ms`). */
function exchange(
  s: Socket,
  r: Relay,
  bytes: Uint8Array,
  ms = 2000,
): Promise<Uint8Array | undefined> {
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      s.off('message', on);
      resolve(undefined);
    }, ms);
    const on = (msg: Buffer) => {
      clearTimeout(t);
      s.off('message', on);
      resolve(new Uint8Array(msg));
    };
    s.on('message', on);
    s.send(bytes, r.coap.port, r.coap.address);
  });
}

function request(path: string, mid: number, code = 2, payload = ''): Uint8Array {
  const u = parseUri(`coap://127.0.0.1/${path}`);
  if (!u.ok) throw new Error(u.error);
  const m: CoapMessage = {
    type: 'CON',
    code,
    messageId: mid,
    token: Uint8Array.of(1),
    options: u.uri.options,
    payload: encodeString(payload),
  };
  return encode(m);
}

const answer = (bytes: Uint8Array | undefined) => {
  const d = bytes && decode(bytes);
  return d && d.ok
    ? {
        code: codeDotted(d.message.code),
        text: decodeString(d.message.payload),
        type: d.message.type,
        mid: d.message.messageId,
      }
    : undefined;
};

describe('the relay', () => {
  it('answers a CON request with 5.03 and tells the user to open the page when no page is attached', async () => {
    const r = await relay();
    const s = await udpClient();
    const a = answer(await exchange(s, r, request('ps/t', 77)));
    expect(a).toMatchObject({ code: '5.03', type: 'ACK', mid: 77 });
    expect(a?.text).toContain(`open ${r.url}/`);
    expect(r.stats.noPage).toBe(1);
  });

  it('carries a real client’s request to the gateway in the page and its answer back to the right peer', async () => {
    const r = await relay();
    const { host } = page(r);
    await until(() => r.attached() && host.relay.state === 'attached');
    const a = await udpClient();
    const b = await udpClient();
    const [ra, rb] = await Promise.all([
      exchange(a, r, request('mqtt/connection?clientid=A', 1)),
      exchange(b, r, request('ps/x', 2, 2, 'hi')),
    ]);
    expect(answer(ra)).toMatchObject({ code: '2.01', mid: 1 });
    expect(answer(rb)).toMatchObject({ code: '2.04', mid: 2 });
    const snap = await host.snapshot();
    expect(snap.channels.map((c) => c.simulated)).toEqual([false, false]);
    expect(snap.channels.map((c) => c.peer.address)).toEqual(['127.0.0.1', '127.0.0.1']);
  });

  it('keeps serving after garbage datagrams: the gateway answers a malformed CON with RST and ignores the rest', async () => {
    const r = await relay();
    const { host } = page(r);
    await until(() => host.relay.state === 'attached');
    const s = await udpClient();
    const rst = answer(await exchange(s, r, Uint8Array.of(0x4f, 0x01, 0x00, 0x09)));
    expect(rst).toMatchObject({ type: 'RST', mid: 9 });
    expect(await exchange(s, r, Uint8Array.of(0xff, 0xff), 300)).toBeUndefined();
    expect(answer(await exchange(s, r, request('ps/t', 10)))).toMatchObject({ code: '2.04' });
  });

  it('lets a newer page take over; the older one is told and waits', async () => {
    const r = await relay();
    const first = page(r);
    await until(() => first.host.relay.state === 'attached');
    const second = page(r);
    await until(
      () => second.host.relay.state === 'attached' && first.host.relay.state === 'taken-over',
    );
    expect(first.host.relay).toEqual({ state: 'taken-over', by: 'page-2', waiting: true });
    const s = await udpClient();
    expect(answer(await exchange(s, r, request('ps/t', 5)))).toMatchObject({ code: '2.04' });
    expect((await second.host.snapshot()).channels).toHaveLength(1);
    expect((await first.host.snapshot()).channels).toHaveLength(0);
  });

  it('gives the port back to the waiting page when the newer one goes, and the page says so', async () => {
    const r = await relay();
    const first = page(r);
    await until(() => first.host.relay.state === 'attached');
    const second = page(r);
    await until(() => first.host.relay.state === 'taken-over');
    second.link.stop();
    await until(() => first.host.relay.state === 'attached');
    expect(first.host.relay).toMatchObject({ state: 'attached', takenBackFrom: 'page-2' });
    expect(r.attached()).toBe(true);
    const s = await udpClient();
    expect(answer(await exchange(s, r, request('ps/t', 6)))).toMatchObject({ code: '2.04' });
    expect((await first.host.snapshot()).channels).toHaveLength(1);
    const notes = first.host.current.journal
      .since(0)
      .flatMap((e) => (e.kind === 'world' && e.event.kind === 'note' ? [said(e.event.text)] : []));
    expect(notes).toContain(
      "the relay's UDP port is back in this page: page-2, which had taken it over, went away",
    );
  });

  it('hands the port to the newest waiting page, skipping those that went away too', async () => {
    const r = await relay();
    const pages = [page(r)];
    await until(() => pages[0].host.relay.state === 'attached');
    for (let i = 1; i < 4; i++) {
      pages.push(page(r));
      await until(() => pages[i].host.relay.state === 'attached');
    }
    pages[2].link.stop(); // a waiting page closes
    await until(() => r.stats.pages === 4);
    pages[3].link.stop(); // the owner closes: page-3 is gone, page-2 (index 1) takes it back
    await until(() => pages[1].host.relay.state === 'attached');
    expect(pages[1].host.relay).toMatchObject({ takenBackFrom: 'page-4' });
    expect(pages[0].host.relay.state).toBe('taken-over');
    pages[1].link.stop();
    await until(() => pages[0].host.relay.state === 'attached');
  });

  it('keeps at most maxWaiting pages waiting: the oldest is let go and says to reload', async () => {
    const r = await startRelay({ port: 0, coapPort: 0, maxWaiting: 1 });
    closers.push(() => r.close());
    const a = page(r);
    await until(() => a.host.relay.state === 'attached');
    const b = page(r);
    await until(() => b.host.relay.state === 'attached');
    const c = page(r);
    await until(() => a.host.relay.state === 'taken-over' && !a.host.relay.waiting);
    expect(a.host.relay).toEqual({ state: 'taken-over', by: 'page-2', waiting: false });
    await until(() => c.host.relay.state === 'attached');
    expect(b.host.relay).toMatchObject({ state: 'taken-over', waiting: true });
  });

  it('ignores what a waiting page sends: only the owner speaks for the UDP port', async () => {
    const r = await relay();
    const ws = new WebSocket(`${r.url.replace('http', 'ws')}/relay`, { origin: r.url });
    await new Promise((ok) => ws.on('open', ok));
    closers.push(() => ws.terminate());
    const owner = page(r);
    await until(() => owner.host.relay.state === 'attached');
    const s = await udpClient();
    await exchange(s, r, request('ps/t', 7)); // the peer is now one the relay heard from
    const { TO_PEERS } = await import('../wire/frames');
    ws.send(
      encodeFrame(TO_PEERS, [
        {
          peer: { address: '127.0.0.1', port: s.address().port },
          bytes: Uint8Array.of(0x60, 0, 0, 1),
        },
      ]),
    );
    await until(() => r.stats.dropped === 1);
    expect(r.stats.sent).toBe(1); // the owner's 2.04 only
  });

  it('refuses a WebSocket from another origin', async () => {
    const r = await relay();
    const ws = new WebSocket(`${r.url.replace('http', 'ws')}/relay`, {
      origin: 'http://evil.example',
    });
    const outcome = await new Promise<string>((ok) => {
      ws.on('open', () => ok('open'));
      ws.on('error', () => ok('refused'));
      ws.on('unexpected-response', () => ok('refused'));
    });
    ws.terminate();
    expect(outcome).toBe('refused');
    expect(r.attached()).toBe(false);
  });

  it('reconnects after the page’s socket drops, and answers 5.03 in between', async () => {
    const r = await relay();
    const { host } = page(r);
    await until(() => host.relay.state === 'attached');
    // Drop the page's socket from the relay side.
    const s = await udpClient();
    await r.close();
    const r2 = await startRelay({ port: Number(new URL(r.url).port), coapPort: r.coap.port }).catch(
      () => undefined,
    );
    if (!r2) return; // the port was taken meanwhile: nothing to assert on this machine
    closers.push(() => r2.close());
    expect(answer(await exchange(s, r2, request('ps/t', 3)))).toMatchObject({ code: '5.03' });
    await until(() => r2.attached(), 5000);
    expect(answer(await exchange(s, r2, request('ps/t', 4)))).toMatchObject({ code: '2.04' });
  });

  it('sends only to peers it heard from: it is not an open UDP proxy', async () => {
    const r = await relay();
    const ws = new WebSocket(`${r.url.replace('http', 'ws')}/relay`, { origin: r.url });
    await new Promise((ok) => ws.on('open', ok));
    const { TO_PEERS } = await import('../wire/frames');
    ws.send(
      encodeFrame(TO_PEERS, [
        { peer: { address: '127.0.0.1', port: 9 }, bytes: Uint8Array.of(1, 2, 3) },
      ]),
    );
    ws.send(Uint8Array.of(9, 9, 9));
    await until(() => r.stats.refused === 1 && r.stats.badFrames === 1);
    ws.terminate();
  });
});

describe('the relay’s outbound path (kind-3 frames to a real server)', () => {
  /** A raw page: the relay's WebSocket, collecting what comes back. */
  async function rawPage(r: Relay) {
    const ws = new WebSocket(`${r.url.replace('http', 'ws')}/relay`, { origin: r.url });
    const frames: ReturnType<typeof decodeFrame>[] = [];
    const controls: ControlMessage[] = [];
    ws.on('message', (data, isBinary) => {
      if (isBinary) frames.push(decodeFrame(new Uint8Array(data as Buffer)));
      else {
        const c = parseControl(data.toString());
        if (c) controls.push(c);
      }
    });
    await new Promise((ok) => ws.on('open', ok));
    closers.push(() => ws.terminate());
    await until(() => controls.some((c) => c.type === 'welcome'));
    return { ws, frames, controls };
  }

  it('sends to an allowed destination from its own socket and passes back only that destination’s answers', async () => {
    const r = await relay();
    const p = await rawPage(r);
    const server = await udpClient();
    const stranger = await udpClient();
    const seen: Array<{ bytes: number[]; port: number }> = [];
    server.on('message', (msg, rinfo) => {
      seen.push({ bytes: [...msg], port: rinfo.port });
      // A stranger that learned the relay's port first: its datagram must not reach the page.
      stranger.send(Uint8Array.of(0xee), rinfo.port, '127.0.0.1', () =>
        server.send(Uint8Array.of(0x60, 0x45, msg[2], msg[3]), rinfo.port, rinfo.address),
      );
    });
    const dest = { address: '127.0.0.1', port: server.address().port };
    p.ws.send(encodeFrame(TO_DEST, [{ peer: dest, bytes: Uint8Array.of(0x40, 0x01, 0x12, 0x34) }]));
    await until(() => p.frames.length === 1);
    expect(seen).toHaveLength(1);
    expect(seen[0].bytes).toEqual([0x40, 0x01, 0x12, 0x34]);
    expect(seen[0].port).not.toBe(r.coap.port); // not the CoAP server socket
    expect(p.frames[0]).toEqual({
      ok: true,
      kind: FROM_DEST,
      datagrams: [{ peer: dest, bytes: Uint8Array.of(0x60, 0x45, 0x12, 0x34) }],
    });
    await until(() => r.stats.outbound.dropped === 1);
    expect(r.stats.outbound).toEqual({ sent: 1, refused: 0, answered: 1, dropped: 1 });
    expect(p.controls.find((c) => c.type === 'welcome')).toMatchObject({
      outbound: { allow: ['127.0.0.0/8', '::1'] },
    });
  });

  it('refuses a destination off the allowlist with a reason naming the flag, and sends nothing', async () => {
    const r = await relay();
    const p = await rawPage(r);
    p.ws.send(
      encodeFrame(TO_DEST, [
        { peer: { address: '192.0.2.10', port: 5683 }, bytes: Uint8Array.of(0x40, 1, 0, 1) },
      ]),
    );
    await until(() => p.controls.some((c) => c.type === 'refused'));
    expect(p.controls.find((c) => c.type === 'refused')).toEqual({
      v: 1,
      type: 'refused',
      dest: { address: '192.0.2.10', port: 5683 },
      reason: expect.stringContaining('--allow-dest 192.0.2.10:5683'),
    });
    expect(r.stats.outbound).toMatchObject({ sent: 0, refused: 1 });
  });

  it('sends to a destination a wider allowlist admits (here a loopback port rule)', async () => {
    const server = await udpClient();
    const port = server.address().port;
    const { AllowList, parseAllowEntry } = await import('./allowlist');
    const rule = parseAllowEntry(`127.0.0.1:${port}`);
    if (!rule.ok || !('rule' in rule)) throw new Error('bad rule');
    const r = await startRelay({ port: 0, coapPort: 0, allowDest: new AllowList([rule.rule]) });
    closers.push(() => r.close());
    const p = await rawPage(r);
    expect(p.controls.find((c) => c.type === 'welcome')).toMatchObject({
      outbound: { allow: ['127.0.0.0/8', '::1', `127.0.0.1:${port}`] },
    });
  });

  it("refuses the relay's own CoAP and HTTP ports, unless a rule names one exactly", async () => {
    const r = await relay();
    const p = await rawPage(r);
    const httpPort = Number(new URL(r.url).port);
    p.ws.send(
      encodeFrame(TO_DEST, [
        { peer: { address: '127.0.0.1', port: r.coap.port }, bytes: Uint8Array.of(0x40, 1, 0, 1) },
        { peer: { address: '127.0.0.5', port: httpPort }, bytes: Uint8Array.of(0x40, 1, 0, 2) },
      ]),
    );
    await until(() => p.controls.filter((c) => c.type === 'refused').length === 2);
    const reasons = p.controls.flatMap((c) => (c.type === 'refused' ? [c.reason] : []));
    expect(reasons[0]).toContain(`127.0.0.1:${r.coap.port} is the relay's own CoAP port`);
    expect(reasons[0]).toContain(`--allow-dest 127.0.0.1:${r.coap.port}`);
    expect(reasons[1]).toContain(`127.0.0.5:${httpPort} is the relay's own HTTP port`);
    expect(r.stats.outbound.sent).toBe(0);

    const { AllowList, parseAllowEntry } = await import('./allowlist');
    const looped = await startRelay({ port: 0, coapPort: 0 });
    const { coap } = looped;
    await looped.close();
    const rule = parseAllowEntry(`127.0.0.1:${coap.port}`);
    if (!rule.ok || !('rule' in rule)) throw new Error('bad rule');
    const r2 = await startRelay({
      port: 0,
      coapPort: coap.port,
      allowDest: new AllowList([rule.rule]),
    }).catch(() => undefined);
    if (!r2) return; // the port was taken meanwhile: nothing more to assert on this machine
    closers.push(() => r2.close());
    const p2 = await rawPage(r2);
    p2.ws.send(
      encodeFrame(TO_DEST, [
        { peer: { address: '127.0.0.1', port: coap.port }, bytes: Uint8Array.of(0x50, 1, 0, 3) },
      ]),
    );
    await until(() => r2.stats.outbound.sent === 1);
  });

  it('counts a truncated kind-3 frame as bad and keeps serving the page', async () => {
    const r = await relay();
    const p = await rawPage(r);
    p.ws.send(Uint8Array.of(1, 3, 0, 1, 4, 127)); // truncated
    p.ws.send(Uint8Array.of(1, 3, 0xff, 0xff)); // over the batch limit
    await until(() => r.stats.badFrames === 2);
    p.ws.send(
      encodeFrame(TO_DEST, [
        { peer: { address: '10.0.0.1', port: 5683 }, bytes: Uint8Array.of(1) },
      ]),
    );
    await until(() => p.controls.some((c) => c.type === 'refused'));
    expect(r.stats.outbound.sent).toBe(0);
  });
});

describe('the composer’s real-server target, through the relay', () => {
  async function sendFromPage(target: { address: string; port: number }) {
    const r = await relay();
    const { host } = page(r);
    await until(() => host.relay.state === 'attached' && 'outbound' in host.relay);
    await host.dispatch({ type: 'add-coap-client', name: 'dev' });
    const sent = await host.dispatch({
      type: 'send',
      client: 'dev',
      spec: { method: 'GET', confirmable: true, path: 'time' },
      target,
    });
    expect(sent.ok).toBe(true);
    return { r, host };
  }

  it('carries a simulated client’s request to a real server and the answer back to its exchange', async () => {
    const server = await udpClient();
    server.on('message', (msg, rinfo) => {
      const d = decode(new Uint8Array(msg));
      if (!d.ok) return;
      const answer = encode({
        type: 'ACK',
        code: 0x45,
        messageId: d.message.messageId,
        token: d.message.token,
        options: [],
        payload: encodeString('Nov 27 01:00:00'),
      });
      server.send(answer, rinfo.port, rinfo.address);
    });
    const target = { address: '127.0.0.1', port: server.address().port };
    const { host } = await sendFromPage(target);
    await until(() => host.current.coapClient('dev')?.history()[0].state === 'answered');
    expect(host.current.coapClient('dev')?.history()[0]).toMatchObject({
      target,
      response: { code: '2.05', payload: 'Nov 27 01:00:00' },
    });
    const directions = host.current.journal
      .since(0)
      .flatMap((e) => (e.kind === 'datagram' ? [e.direction] : []));
    expect(directions).toEqual(['to-server', 'from-server']);
  });

  it('ends a request to a destination off the allowlist as refused, naming the flag', async () => {
    const { r, host } = await sendFromPage({ address: '192.0.2.10', port: 5683 });
    await until(() => host.current.coapClient('dev')?.history()[0].state === 'refused');
    expect(host.current.coapClient('dev')?.history()[0].error).toContain(
      '192.0.2.10:5683 is not on the relay',
    );
    expect(r.stats.outbound.sent).toBe(0);
  });

  it('without a relay, says so and sends nothing', async () => {
    const host = new PlaygroundHost(
      {
        realNow: () => performance.now(),
        setTimer: (fn, ms) => setTimeout(fn, ms),
        clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
      },
      { seed: 1 },
    );
    await host.dispatch({ type: 'add-coap-client', name: 'dev' });
    const r = await host.dispatch({
      type: 'send',
      client: 'dev',
      spec: { method: 'GET', confirmable: true, path: 'time' },
      target: { address: '127.0.0.1', port: 5683 },
    });
    expect(rendered(r)).toEqual({
      ok: false,
      error:
        'sending to a real CoAP server needs the relay: run `npm start` and open the page it serves',
    });
    expect(host.current.coapClient('dev')?.history()).toHaveLength(0);
  });
});
