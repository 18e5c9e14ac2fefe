/** The static server: `vite preview` of the build, on PORT. */
import { spawn, type ChildProcess } from 'node:child_process';
import { DIST, PORT } from './options';

export async function startPreview(): Promise<ChildProcess> {
  const child = spawn(
    './node_modules/.bin/vite',
    [
      'preview',
      '--host',
      '127.0.0.1',
      '--port',
      String(PORT),
      '--strictPort',
      ...(DIST ? ['--outDir', DIST] : []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`vite preview exited:\n${log}`);
    try {
      const r = await fetch(`http://127.0.0.1:${PORT}/`);
      if (r.ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error(`vite preview did not start on port ${PORT}:\n${log}`);
}
