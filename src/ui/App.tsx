import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
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
import { LanguageSwitch } from './i18n/LanguageSwitch';
import { Composer } from './composer/Composer';
import { Clients } from './clients/Clients';
import { Connections } from './connections/Connections';
import { ClockControls } from './clock/ClockControls';
import { Tabs, tabIds } from './kit/Tabs';
import { Panel } from './kit/Panel';
import { PlaygroundProvider, useSettingsNotices } from './state/playground';
import { RelayStatus } from './relay/RelayStatus';
import { BrokerStatus } from './settings/BrokerSettings';
import { ExportCapture } from './capture/ExportCapture';
import { CaptureImport, ImportCaptureButton } from './capture/ImportCapture';
import { Share } from './share/Share';
import { useViews } from './state/views';
import { FirstRun } from './welcome/FirstRun';
import { usePlayground } from './state/store';
import { LatestPacket } from './layout/LatestPacket';
import { WIDE_QUERY, useMediaQuery } from './layout/useMediaQuery';
import { ViewSwitcher } from './layout/ViewSwitcher';
import { MsgText } from './i18n/MsgText';
import type { View } from './layout/ViewSwitcher';

function SettingsNotices() {
  const { t } = useTranslation();
  const { notices, dismiss } = useSettingsNotices();
  if (notices.length === 0) return null;
  return (
    <div role="status" className="mx-auto mt-3 w-full max-w-[1800px] shrink-0 px-3">
      <div className="flex items-start justify-between gap-3 rounded-lg border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
        <div>
          <p className="font-medium">{t('shell:notices.title')}</p>
          <ul className="list-disc pl-5">
            {notices.map((n, i) => (
              <li key={i} data-testid="settings-notice">
                <MsgText m={n} />
              </li>
            ))}
          </ul>
        </div>
        <button
          type="button"
          onClick={dismiss}
          className="rounded px-2 py-1 font-medium hover:bg-amber-100 focus-visible:ring-2 focus-visible:ring-amber-500 focus:outline-none dark:hover:bg-amber-900"
        >
          {t('shell:notices.dismiss')}
        </button>
      </div>
    </div>
  );
}

/** The wide page's columns: the composer, the traffic, the gateway's state (see WIDE_QUERY). */
const COLUMNS =
  'grid min-h-0 flex-1 grid-cols-[clamp(290px,24vw,360px)_minmax(0,1fr)_clamp(320px,28vw,420px)] gap-3 px-3 pt-3';
/**
 * A wide column scrolls on its own, so the others stay in view. Its last card's margin, not the
 * column's padding, keeps it off the bottom: a sticky bar (the composer's Send) sits at the
 * column's padding edge, and content scrolling under padding would show below the bar.
 */
const COLUMN =
  'flex min-h-0 min-w-0 flex-col gap-3 overflow-y-auto overscroll-contain [&>*:last-child]:mb-3';

function Workbench() {
  const { t } = useTranslation();
  const { center, setCenter, side, setSide } = useViews();
  const wide = useMediaQuery(WIDE_QUERY);
  const selectPacket = usePlayground((s) => s.selectPacket);
  const [view, setView] = useState<View>('compose');
  const base = useId();
  const mainRef = useRef<HTMLElement>(null);
  // Narrow: the page scrolls, and a view opens at its top, right under the sticky switcher (the
  // header scrolls away: on a phone it is a quarter of the screen, and the log would start below
  // the fold), rather than where the previous, longer view was scrolled to.
  const show = useCallback((next: View) => {
    setView(next);
    const main = mainRef.current;
    const bar = main?.previousElementSibling;
    if (!main || !bar) return;
    const top = main.getBoundingClientRect().top - bar.getBoundingClientRect().height;
    window.scrollTo({ top: window.scrollY + top });
  }, []);
  // Narrow: a packet picked outside the Traffic view (a lesson's "Show the packet"), or a tab of
  // a column opened from elsewhere (the welcome's ways in, a lesson in the address), opens that
  // column's view; the change alone would happen in a view the reader cannot see.
  useEffect(() => {
    if (wide) return;
    const open = (next: View) => {
      if (next !== view) show(next);
    };
    const packets = usePlayground.subscribe((s, prev) => {
      if (s.selectedPacket !== undefined && s.selectedPacket !== prev.selectedPacket)
        open('traffic');
    });
    const tabs = useViews.subscribe((s, prev) => {
      if (s.center !== prev.center) open('traffic');
      else if (s.side !== prev.side) open('gateway');
    });
    return () => {
      packets();
      tabs();
    };
  }, [wide, view, show]);
  // Narrow: each column is the panel of one switcher tab; the others are hidden, not unmounted,
  // so a half-composed request or a scrolled log survive a look at another view.
  const column = (id: View, className = '', narrowClassName = '') =>
    wide
      ? { className: `${COLUMN} ${className}` }
      : {
          role: 'tabpanel',
          id: tabIds(base, id).panel,
          'aria-labelledby': tabIds(base, id).tab,
          hidden: view !== id,
          className: `flex min-w-0 flex-col gap-3 ${narrowClassName}`,
        };
  return (
    <>
      {!wide && <ViewSwitcher view={view} onChange={show} base={base} />}
      <main
        ref={mainRef}
        className={
          wide ? `mx-auto w-full max-w-[1800px] ${COLUMNS}` : 'mx-auto w-full max-w-5xl px-3 py-3'
        }
      >
        <div {...column('compose', '', 'mx-auto w-full max-w-2xl')}>
          <Panel title={t('shell:panel.compose')} id="composer">
            <Composer
              latest={
                wide ? undefined : (
                  <LatestPacket
                    onShow={(seq) => {
                      selectPacket(seq);
                      setCenter('packets');
                      show('traffic');
                    }}
                  />
                )
              }
            />
          </Panel>
          <Panel title={t('shell:panel.clients')} id="clients">
            <Clients />
          </Panel>
        </div>
        {/* A size container: the packet log fits its height to the column's (100cqh). */}
        <div {...column('traffic', '[container-type:size]')}>
          <Panel
            title={t('shell:panel.traffic')}
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
                label={t('shell:tabs.traffic')}
                active={center}
                onChange={setCenter}
                tabs={[
                  { id: 'packets', label: t('shell:tab.packets'), content: <PacketLog /> },
                  { id: 'sequence', label: t('shell:tab.sequence'), content: <SequenceView /> },
                  { id: 'decode', label: t('shell:tab.decode'), content: <DecodePanel /> },
                  { id: 'compare', label: t('shell:tab.compare'), content: <SideBySide /> },
                ]}
              />
            </CaptureImport>
          </Panel>
        </div>
        <div {...column('gateway')}>
          <Panel title={t('shell:panel.gateway')} id="gateway">
            <Tabs
              label={t('shell:tabs.gateway')}
              active={side}
              onChange={setSide}
              tabs={[
                { id: 'connections', label: t('shell:tab.connections'), content: <Connections /> },
                { id: 'operator', label: t('shell:tab.operator'), content: <Operator /> },
                { id: 'topics', label: t('shell:tab.topics'), content: <Topics /> },
                { id: 'settings', label: t('shell:tab.settings'), content: <Settings /> },
                { id: 'lessons', label: t('shell:tab.lessons'), content: <LessonsPanel /> },
              ]}
            />
          </Panel>
        </div>
      </main>
    </>
  );
}

export function App() {
  const { t } = useTranslation();
  return (
    <PlaygroundProvider>
      {/* From WIDE_QUERY up the page is exactly the screen's height and its columns scroll on their
          own; below it the page scrolls as a whole. */}
      <div className="flex min-h-dvh flex-col bg-slate-50 text-slate-900 min-[1100px]:h-dvh dark:bg-slate-950 dark:text-slate-100">
        {/* Its own stacking context, as each Panel is (the ticking clock paints the header only), above
            the panels: the share popover opens over them. */}
        <header className="relative z-20 shrink-0 border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <div className="mx-auto flex max-w-[1800px] flex-wrap items-center justify-between gap-x-4 gap-y-2 px-3 py-2.5">
            <div className="flex items-center gap-3">
              <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" className="h-8 w-8" />
              <div>
                <h1 className="text-base font-semibold tracking-tight">{t('shell:title')}</h1>
                <p className="hidden text-xs text-slate-600 min-[1800px]:block dark:text-slate-400">
                  {t('shell:tagline')}
                </p>
              </div>
            </div>
            <ClockControls />
            <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
              <Share />
              <RelayStatus />
              <BrokerStatus />
              <LanguageSwitch />
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
