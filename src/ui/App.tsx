import { DecodePanel } from './packets/DecodePanel';
import { ThemeToggle } from './theme/ThemeToggle';

export function App() {
  return (
    <div className="min-h-screen bg-slate-50 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-5 py-3">
          <div className="flex items-center gap-3">
            <img src="/favicon.svg" alt="" className="h-9 w-9" />
            <div>
              <h1 className="text-base font-semibold tracking-tight">CoAP Gateway Playground</h1>
              <p className="text-sm text-slate-600 dark:text-slate-400">
                The EMQX CoAP-to-MQTT gateway, simulated in your browser, byte by byte.
              </p>
            </div>
          </div>
          <ThemeToggle />
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-5 py-6">
        <DecodePanel />
      </main>
    </div>
  );
}
