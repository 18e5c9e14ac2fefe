import { PacketLog } from './packets/log/PacketLog';
// Tabs not open on first load come in chunks of their own.
import {
  DecodePanel,
  LessonsPanel,
  Operator,
  SequenceView,
  Settings,
  SideBySide,
  Topics,
} from './lazy';
import { ThemeToggle } from './theme/ThemeToggle';
import { Composer } from './composer/Composer';
import { Clients } from './clients/Clients';
import { Connections } from './connections/Connections';
import { ClockControls } from './clock/ClockControls';
import { Tabs } from './kit/Tabs';
import { Panel } from './kit/Panel';
import { PlaygroundProvider, useSettingsNotices } from './state/playground';
import { RelayStatus } from './relay/RelayStatus';
import { BrokerStatus } from './settings/BrokerSettings';
import { ExportCapture } from './capture/ExportCapture';
import { CaptureImport, ImportCaptureButton } from './capture/ImportCapture';
import { Share } from './share/Share';
import { useViews } from './state/views';
import { FirstRun } from './welcome/FirstRun';

function SettingsNotices() {
  const { notices, dismiss } = useSettingsNotices();
  if (notices.length === 0) return null;
  return (
    <div role="status" className="mx-auto mt-3 max-w-[1800px] px-4">
      <div className="flex items-start justify-between gap-3 rounded-lg border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
        <div>
          <p className="font-medium">Some settings in the page address were not used:</p>
          <ul className="list-disc pl-5">
            {notices.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </div>
        <button
          type="button"
          onClick={dismiss}
          className="rounded px-2 py-1 font-medium hover:bg-amber-100 focus-visible:ring-2 focus-visible:ring-amber-500 focus:outline-none dark:hover:bg-amber-900"
        >
          Dismiss
        </button>
      </div>
    </div>
  );
}

function Workbench() {
  const { center, setCenter, side, setSide } = useViews();
  return (
    <main className="mx-auto grid max-w-[1800px] gap-4 px-4 py-4 xl:grid-cols-[minmax(320px,380px)_minmax(0,1fr)_minmax(360px,440px)]">
      <div className="flex min-w-0 flex-col gap-4">
        <Panel title="Compose a request" id="composer">
          <Composer />
        </Panel>
        <Panel title="Clients" id="clients">
          <Clients />
        </Panel>
      </div>
      <div className="min-w-0">
        <Panel
          title="Traffic"
          id="traffic"
          actions={
            <div className="flex items-center gap-2">
              <ImportCaptureButton />
              <ExportCapture />
            </div>
          }
        >
          <CaptureImport>
            <Tabs
              label="Traffic views"
              active={center}
              onChange={setCenter}
              tabs={[
                { id: 'packets', label: 'Packets', content: <PacketLog /> },
                { id: 'sequence', label: 'Sequence', content: <SequenceView /> },
                { id: 'decode', label: 'Decode hex', content: <DecodePanel /> },
                { id: 'compare', label: 'Side by side', content: <SideBySide /> },
              ]}
            />
          </CaptureImport>
        </Panel>
      </div>
      <div className="flex min-w-0 flex-col gap-4">
        <Panel title="Gateway" id="gateway">
          <Tabs
            label="Gateway state"
            active={side}
            onChange={setSide}
            tabs={[
              { id: 'connections', label: 'Connections', content: <Connections /> },
              { id: 'operator', label: 'Operator', content: <Operator /> },
              { id: 'topics', label: 'Topics', content: <Topics /> },
              { id: 'settings', label: 'Settings', content: <Settings /> },
              { id: 'lessons', label: 'Lessons', content: <LessonsPanel /> },
            ]}
          />
        </Panel>
      </div>
    </main>
  );
}

export function App() {
  return (
    <PlaygroundProvider>
      <div className="min-h-screen bg-slate-50 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
        {/* Its own stacking context, as each Panel is (the ticking clock paints the header only), above
            the panels: the share popover opens over them. */}
        <header className="relative z-20 border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <div className="mx-auto flex max-w-[1800px] flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-2.5">
            <div className="flex items-center gap-3">
              <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" className="h-8 w-8" />
              <div>
                <h1 className="text-base font-semibold tracking-tight">CoAP Gateway Playground</h1>
                <p className="text-xs text-slate-600 dark:text-slate-400">
                  The EMQX CoAP-to-MQTT gateway, simulated in your browser, byte by byte.
                </p>
              </div>
            </div>
            <ClockControls />
            <div className="flex items-center gap-3">
              <Share />
              <RelayStatus />
              <BrokerStatus />
              <ThemeToggle />
            </div>
          </div>
        </header>
        <SettingsNotices />
        <Workbench />
        <FirstRun />
      </div>
    </PlaygroundProvider>
  );
}
