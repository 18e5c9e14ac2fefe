// `npm start`: builds the app if needed, then serves it and the relay from one Node process:
// HTTP on 127.0.0.1:5173 (the app), WebSocket at /relay, UDP on 127.0.0.1:5683 (CoAP).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { lookup } from 'node:dns/promises';
import { startRelay } from './server';
import { ALLOW_DEST_ENV, allowDestEntries, buildAllowList } from './allowlist';
import { ALLOWED_HOSTS_ENV, allowedHostEntries } from './trust';
import { API_KEY_ENV, parseApiKey, randomApiKey } from './api';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

const usage = `usage: npm start -- [--host H] [--port P] [--coap-port C] [--coap-host H] [--allow-remote] [--allowed-host N]… [--allow-dest D]… [--api-key K:S] [--rebuild]
  --host          HTTP and UDP bind address (env HOST; default 127.0.0.1)
  --port          HTTP port for the app and the /relay WebSocket (env PORT; default 5173)
  --coap-port     UDP port for CoAP (env COAP_PORT; default 5683)
  --coap-host     UDP bind address when it differs from --host
  --allow-remote  allow binding an address other than loopback (anyone who can reach it can use the gateway)
  --allowed-host  also answer to the host name N in the page address (the relay refuses other
                  names, as protection against DNS rebinding); .example.lan admits every name
                  under it; repeatable (env ALLOWED_HOSTS, comma separated)
  --allow-dest    let the page send to a real CoAP server at D: an address, address:port,
                  [IPv6]:port, CIDR block (10.0.0.0/24) or host[:port]; repeatable
                  (env ALLOW_DEST, comma separated; loopback is always allowed)
  --api-key       KEY:SECRET for the management API at /api/v5 (HTTP Basic; env API_KEY;
                  default: a random one for this session, printed at start)
  --rebuild       build the app even if dist/ exists`;

function fail(message: string): never {
  console.error(`error: ${message}\n${usage}`);
  process.exit(2);
}

function port(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    fail(`${name} must be a port number 0..65535, not '${text}'`);
  return n;
}

async function main() {
  let args;
  try {
    args = parseArgs({
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'coap-port': { type: 'string' },
        'coap-host': { type: 'string' },
        'allow-remote': { type: 'boolean' },
        'allow-dest': { type: 'string', multiple: true },
        'allowed-host': { type: 'string', multiple: true },
        'api-key': { type: 'string' },
        rebuild: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (e) {
    fail((e as Error).message);
  }
  if (args.help) {
    console.log(usage);
    return;
  }
  const keyText = args['api-key'] ?? process.env[API_KEY_ENV];
  let apiKey = randomApiKey();
  if (keyText !== undefined) {
    const parsed = parseApiKey(keyText);
    if (!parsed.ok) fail(parsed.error);
    apiKey = parsed.apiKey;
  }
  const host = args.host ?? process.env.HOST ?? '127.0.0.1';
  const coapHost = args['coap-host'] ?? host;
  for (const h of [host, coapHost]) {
    if (!LOOPBACK.test(h)) {
      if (!args['allow-remote'])
        fail(`${h} is not a loopback address; pass --allow-remote to bind it`);
      console.warn(
        `warning: binding ${h}: anyone who can reach this address can use the gateway in your page`,
      );
    }
  }
  const allowed = await buildAllowList(
    allowDestEntries(args['allow-dest'], process.env[ALLOW_DEST_ENV]),
    (name) => lookup(name, { all: true }),
  );
  if (!allowed.ok) fail(allowed.error);
  const names = allowedHostEntries(args['allowed-host'], process.env[ALLOWED_HOSTS_ENV]);
  if (!names.ok) fail(names.error);
  const dist = join(root, 'dist');
  if (args.rebuild || !existsSync(join(dist, 'index.html'))) {
    console.log('building the app (vite build)…');
    const { build } = await import('vite');
    await build({ root, logLevel: 'warn' });
  }
  const relay = await startRelay({
    host,
    coapHost,
    port: port(args.port ?? process.env.PORT, 5173, '--port'),
    coapPort: port(args['coap-port'] ?? process.env.COAP_PORT, 5683, '--coap-port'),
    staticDir: dist,
    allowDest: allowed.allow,
    allowedHosts: names.hosts,
    apiKey,
    log: (line) => console.log(`relay: ${line}`),
  }).catch((e: Error) => fail(`could not start: ${e.message}`));
  const coapAddr = relay.coap.address.includes(':')
    ? `[${relay.coap.address}]`
    : relay.coap.address;
  const portPart = relay.coap.port === 5683 ? '' : `:${relay.coap.port}`;
  console.log(`CoAP Gateway Playground: ${relay.url}/`);
  console.log(
    `CoAP (UDP) on ${coapAddr}:${relay.coap.port}, served by the gateway in the page while a page is open.`,
  );
  console.log(
    `try: coap-client-notls -m post -e "hello" "coap://${coapAddr}${portPart}/ps/coap/test"`,
  );
  console.log(
    `Management API (HTTP Basic, key ${apiKey.key}${keyText === undefined ? ', this session only' : ''}): curl -u '${apiKey.key}:${apiKey.secret}' ${relay.url}/api/v5/gateways/coap/clients`,
  );
  console.log(
    `Outbound: the page may send to real CoAP servers at ${allowed.allow.describe().join(', ')} (widen with --allow-dest).`,
  );
  const stop = () => void relay.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
