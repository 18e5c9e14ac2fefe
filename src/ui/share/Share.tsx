import { currentLanguage } from '../i18n/i18n';
import { useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { SNAPSHOT, useBridge } from '../state/playground';
import { CopyButton } from '../kit/CopyButton';
import { button, input, muted } from '../kit/styles';
import type { Scenario } from '../../worker/api';
import { msg } from '../../wire/msg';
import type { Msg } from '../../wire/msg';
import { MsgText } from '../i18n/MsgText';

interface Shared {
  scenario: Scenario;
  json: string;
  url: string;
  notices: Msg[];
}

function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Share a scenario: what was done to this world since it started (seed, settings, each intent at
 * its virtual time) as a link and a JSON file; and open one. A bad file changes nothing.
 */
export function Share() {
  const { t } = useTranslation();
  const bridge = useBridge();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [shared, setShared] = useState<Shared | undefined>();
  const [status, setStatus] = useState<{ ok: boolean; text: Msg; notices?: Msg[] }>();
  const file = useRef<HTMLInputElement>(null);
  const toggle = async () => {
    if (open) return setOpen(false);
    setStatus(undefined);
    const s = await bridge.shareScenario();
    const url = new URL(window.location.pathname, window.location.origin);
    url.searchParams.set('scenario', s.param);
    // The link opens in the sender's language, whatever the reader's browser prefers.
    url.searchParams.set('lang', currentLanguage());
    setShared({ scenario: s.scenario, json: s.json, url: url.href, notices: s.notices });
    setOpen(true);
  };
  const openFile = async (f: File) => {
    const r = await bridge.openScenario(await f.text(), 'json');
    await qc.invalidateQueries({ queryKey: SNAPSHOT });
    setStatus(
      r.ok
        ? {
            ok: true,
            text: msg('notices:share.opened', { name: f.name, replayed: r.replayed }),
            notices: r.notices,
          }
        : { ok: false, text: msg('notices:share.not-opened', { name: f.name, error: r.error }) },
    );
  };
  return (
    <div className="relative">
      <button type="button" className={button} aria-expanded={open} onClick={() => void toggle()}>
        {t('shell:share.button')}
      </button>
      {open && shared && (
        <div
          role="dialog"
          aria-label={t('shell:share.dialog')}
          className="fixed top-16 right-4 z-30 w-[min(28rem,calc(100vw-2rem))] space-y-3 rounded-lg border border-slate-300 bg-white p-3 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          <p className={muted}>
            <Trans
              i18nKey="shell:share.what"
              values={{ n: shared.scenario.steps.length, seed: String(shared.scenario.seed) }}
              components={{ seed: <span translate="no" /> }}
            />
          </p>
          {shared.notices.map((n, i) => (
            <p key={i} className="text-xs text-amber-800 dark:text-amber-200">
              <MsgText m={n} />
            </p>
          ))}
          <div className="flex items-center gap-2">
            <input
              readOnly
              aria-label={t('shell:share.link')}
              translate="no"
              className={`${input} font-mono text-xs`}
              value={shared.url}
              onFocus={(e) => e.target.select()}
            />
            <CopyButton text={shared.url} label={t('shell:share.copy-label')}>
              {t('shell:share.copy')}
            </CopyButton>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <button
              type="button"
              className={button}
              onClick={() =>
                download(shared.json, `coap-scenario-seed-${shared.scenario.seed}.json`)
              }
            >
              {t('shell:share.download')}
            </button>
            <input
              ref={file}
              type="file"
              accept=".json,application/json"
              className="sr-only"
              aria-label={t('shell:share.file')}
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (f) void openFile(f);
                e.target.value = '';
              }}
            />
            <button type="button" className={button} onClick={() => file.current?.click()}>
              {t('shell:share.open')}
            </button>
          </div>
          {status && (
            <div
              role={status.ok ? 'status' : 'alert'}
              className={
                status.ok
                  ? 'text-xs text-emerald-800 dark:text-emerald-200'
                  : 'text-xs text-red-800 dark:text-red-200'
              }
            >
              <p>
                <MsgText m={status.text} />
              </p>
              {status.notices?.map((n, i) => (
                <p key={i}>
                  <MsgText m={n} />
                </p>
              ))}
            </div>
          )}
        </div>
      )}
    </div>
  );
}
