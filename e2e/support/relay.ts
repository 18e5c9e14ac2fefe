// Starts the real `npm start` server (the relay serving the built app) on free loopback ports for
// one test file, and runs libcoap's coap-client-notls against it. Every wait is bounded.
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

export async function freeTcpPort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

export async function freeUdpPort(): Promise<number> {
  return new Promise((ok) => {
    const s = createSocket('udp4');
    s.bind(0, '127.0.0.1', () => {
      const port = s.address().port;
      s.close(() => ok(port));
    });
  });
}

export interface RunningRelay {
  url: string;
  coapPort: number;
  stop(): Promise<void>;
}

/** `npm start -- --port P --coap-port C`, started from node_modules/.bin so stopping it leaves no orphan. */
export async function startPlayground(): Promise<RunningRelay> {
  const port = await freeTcpPort();
  const coapPort = await freeUdpPort();
  const child: ChildProcess = spawn(
    './node_modules/.bin/tsx',
    ['src/relay/cli.ts', '--port', String(port), '--coap-port', String(coapPort)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const deadline = Date.now() + 60_000;
  while (!out.includes('CoAP (UDP) on')) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`npm start did not come up:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    coapPort,
    stop: () =>
      new Promise((ok) => {
        if (child.exitCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

export interface CoapResult {
  stdout: string;
  stderr: string;
}

/**
 * Runs coap-client-notls quietly (`-v 3`), giving up after `-B` seconds. It exits 0 even on 4.xx
 * and 5.xx answers; those print `<code> <payload>` on stderr (docs/tooling.md).
 */
export function coapClient(args: string[], timeoutMs = 15_000): Promise<CoapResult> {
  return new Promise((ok, fail) => {
    execFile(
      'coap-client-notls',
      ['-v', '3', '-B', '5', ...args],
      { timeout: timeoutMs },
      (err, stdout, stderr) => {
        if (err && err.killed) fail(new Error(`coap-client-notls ${args.join(' ')} timed out`));
        else ok({ stdout: stdout.toString(), stderr: stderr.toString() });
      },
    );
  });
}
