// Starts Debian's mosquitto (2.0.x) for one test file: a temporary config with a TCP listener and a
// WebSocket listener on free loopback ports, stopped by its PID. Every wait is bounded. Shared by the
// unit tests of src/worker/remote-broker.ts and the Playwright tests in e2e/.
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeTcpPort } from './relay';

export const MOSQUITTO = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find((p) => existsSync(p));

function accepts(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const c = connect({ host: '127.0.0.1', port });
    c.once('connect', () => {
      c.destroy();
      ok(true);
    });
    c.once('error', () => ok(false));
  });
}

export interface RunningMosquitto {
  tcpPort: number;
  wsPort: number;
  /** `ws://127.0.0.1:<wsPort>`: what the playground's `broker` setting takes. */
  wsUrl: string;
  /** The broker's log so far (stderr and stdout). */
  log(): string;
  /** Kills the broker at once (SIGKILL), as a crash or a lost network would. */
  kill(): Promise<void>;
  /** Starts it again on the same ports (after `kill`). */
  restart(): Promise<void>;
  /** Stops it (SIGTERM, then SIGKILL after 3 s) and removes its temporary directory. */
  stop(): Promise<void>;
}

/**
 * mosquitto with `listener <tcp> 127.0.0.1` and `listener <ws> 127.0.0.1` + `protocol websockets`
 * (docs/tooling.md: 2.0.11 binds the WebSocket listener on every address anyway, so the
 * port is a random high one and the broker lives only as long as the test).
 */
export async function startMosquitto(): Promise<RunningMosquitto> {
  if (!MOSQUITTO) throw new Error('mosquitto is not installed: run scripts/system-deps.sh as root');
  const dir = mkdtempSync(join(tmpdir(), 'mosquitto-'));
  const tcpPort = await freeTcpPort();
  const wsPort = await freeTcpPort();
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(
    conf,
    [
      'persistence false',
      'allow_anonymous true',
      `listener ${tcpPort} 127.0.0.1`,
      `listener ${wsPort} 127.0.0.1`,
      'protocol websockets',
      '',
    ].join('\n'),
  );
  let out = '';
  let child: ChildProcess | undefined;

  const launch = async () => {
    const c = spawn(MOSQUITTO, ['-c', conf, '-v'], { stdio: ['ignore', 'pipe', 'pipe'] });
    c.stdout?.on('data', (d) => (out += d));
    c.stderr?.on('data', (d) => (out += d));
    child = c;
    const deadline = Date.now() + 10_000;
    while (!((await accepts(tcpPort)) && (await accepts(wsPort)))) {
      if (c.exitCode !== null || Date.now() > deadline) {
        c.kill('SIGKILL');
        throw new Error(`mosquitto did not come up:\n${out}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const end = (signal: NodeJS.Signals) =>
    new Promise<void>((ok) => {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return ok();
      c.once('exit', () => ok());
      c.kill(signal);
      setTimeout(() => c.kill('SIGKILL'), 3000).unref();
    });

  await launch();
  return {
    tcpPort,
    wsPort,
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    log: () => out,
    kill: () => end('SIGKILL'),
    restart: async () => {
      await end('SIGKILL');
      // The old listening sockets are gone with the process; the ports are ours to take again.
      const deadline = Date.now() + 10_000;
      for (;;) {
        try {
          await launch();
          return;
        } catch (e) {
          if (Date.now() > deadline) throw e;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    },
    stop: async () => {
      await end('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The output of a mosquitto client (`mosquitto_sub`, `mosquitto_pub`), killed after `timeoutMs`. */
export function mosquittoClient(
  tool: 'mosquitto_sub' | 'mosquitto_pub',
  args: string[],
  timeoutMs = 15_000,
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((ok) => {
    execFile(tool, args, { timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? null) : 0;
      ok({ stdout: stdout.toString(), stderr: stderr.toString(), code });
    });
  });
}

/**
 * A `mosquitto_sub` left running: it collects lines until `stop`. Wait for the broker's verbose
 * log to show its SUBSCRIBE before relying on it.
 */
export function backgroundSub(args: string[]): {
  lines(): string[];
  stop(): Promise<void>;
} {
  const c = spawn('mosquitto_sub', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  c.stdout?.on('data', (d) => (out += d));
  c.stderr?.on('data', (d) => (out += d));
  return {
    lines: () => out.split('\n').filter(Boolean),
    stop: () =>
      new Promise((ok) => {
        if (c.exitCode !== null || c.signalCode !== null) return ok();
        c.once('exit', () => ok());
        c.kill('SIGTERM');
        setTimeout(() => c.kill('SIGKILL'), 3000).unref();
      }),
  };
}
