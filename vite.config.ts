/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

/**
 * `npm run dev`: the same relay as `npm start`, attached to Vite's dev server (WebSocket at
 * /relay on the dev origin, CoAP on UDP COAP_PORT, default 5683).
 */
function relayInDevServer(): Plugin {
  return {
    name: 'coap-relay',
    apply: 'serve',
    async configureServer(server) {
      if (process.env.VITEST || !server.httpServer) return;
      const { startRelay } = await import('./src/relay/server.ts');
      const { ALLOWED_HOSTS_ENV, allowedHostEntries } = await import('./src/relay/trust.ts');
      const httpServer = server.httpServer as import('node:http').Server;
      // The relay's WebSocket answers to the names Vite's pages do (server.allowedHosts) and ALLOWED_HOSTS.
      const names = allowedHostEntries(
        Array.isArray(server.config.server.allowedHosts) ? server.config.server.allowedHosts : [],
        process.env[ALLOWED_HOSTS_ENV],
      );
      if (!names.ok) server.config.logger.error(`relay: ${names.error}`);
      // Not awaited: the relay waits for Vite to start listening.
      void startRelay({
        server: httpServer,
        host: '127.0.0.1',
        coapPort: Number(process.env.COAP_PORT ?? 5683),
        allowedHosts: names.ok ? names.hosts : [],
        log: (line) => server.config.logger.info(`relay: ${line}`),
      }).then(
        (relay) => {
          server.config.logger.info(
            `  CoAP (UDP) relay on ${relay.coap.address}:${relay.coap.port}`,
          );
          httpServer.once('close', () => void relay.close());
        },
        (e: Error) => server.config.logger.error(`relay: could not start: ${e.message}`),
      );
    },
  };
}

export default defineConfig({
  // Relative URLs: dist/ works from any path of any static host (/, /some/sub/path/), and from
  // the relay, which serves it at /.
  base: './',
  plugins: [react(), tailwindcss(), relayInDevServer()],
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  test: {
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/ui/i18n/testing/setup.ts'],
    environment: 'node',
    benchmark: { include: ['bench/**/*.bench.ts'] },
  },
});
