import { useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { msg, type Msg } from '../../wire/msg';
import type { GatewayConfig } from '../../gateway';
import { CopyButton } from '../kit/CopyButton';
import { primaryButton } from '../kit/styles';
import { useBridge, useDispatch, useSnapshot } from '../state/playground';
import { BlockwiseSettings, ConnectionSettings, ProfileSettings, TopicSettings } from './groups';
import { SecuritySettings } from './SecuritySettings';
import { BrokerSettings } from './BrokerSettings';
import { syncSettingsUrl } from './url';
import type { Apply } from './apply';
import { DATA_TAGS, MsgText } from '../i18n/MsgText';

/**
 * Every gateway option of gateway-behaviour §1.15 plus the playground's (profile, users, deny list). Each
 * change reconfigures the running world and rewrites the page address, so a link reproduces
 * the setup.
 */
export function Settings() {
  const { t } = useTranslation();
  const current = useSnapshot((s) => s.config);
  const dispatch = useDispatch();
  const bridge = useBridge();
  // Kept as a message, so it reads in the page's language after a switch too.
  const [status, setStatus] = useState<Msg>();
  const [href, setHref] = useState(() => window.location.href);
  // What the user just chose shows at once, before the world's snapshot confirms it.
  const [pending, setPending] = useState<Partial<GatewayConfig>>({});
  const inFlight = useRef(0);

  if (!current)
    return <p className="text-sm text-slate-600 dark:text-slate-400">{t('settings:loading')}</p>;
  const config: GatewayConfig = { ...current, ...pending };

  const afterChange = async (message: Msg) => {
    const next = await bridge.snapshot();
    setHref(syncSettingsUrl(next.configQuery));
    setStatus(message);
  };

  const apply: Apply = (patch, applied) => {
    setPending((p) => ({ ...p, ...patch }));
    inFlight.current++;
    // useDispatch resolves after the snapshot has been fetched again, so the choice is in it.
    void dispatch({ type: 'configure', patch })
      .then((r) =>
        r.ok
          ? afterChange(applied)
          : setStatus(msg('settings:status.not-applied', { error: r.error })),
      )
      .finally(() => {
        if (--inFlight.current === 0) setPending({});
      });
  };

  const restart = () => {
    void dispatch({ type: 'reset', config }).then((r) => {
      if (!r.ok) return setStatus(msg('settings:status.not-restarted', { error: r.error }));
      return afterChange(msg('settings:status.restarted'));
    });
  };

  return (
    <form
      className="space-y-4"
      onSubmit={(e) => e.preventDefault()}
      aria-label={t('settings:form')}
    >
      <div className="space-y-2 rounded-lg border border-sky-200 bg-sky-50 p-3 text-xs text-sky-950 dark:border-sky-900 dark:bg-sky-950/50 dark:text-sky-100">
        <p>
          <Trans i18nKey="settings:intro" components={{ b: <strong /> }} />
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <button
            type="button"
            className={primaryButton.replace('px-3', 'px-2.5')}
            onClick={restart}
          >
            {t('settings:restart')}
          </button>
          <CopyButton
            text={href}
            label={t('settings:copy.label')}
            className="inline-flex items-center gap-1.5 rounded-md border border-sky-300 bg-white px-2.5 py-1.5 text-sm font-medium text-sky-900 hover:bg-sky-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:border-sky-800 dark:bg-slate-900 dark:text-sky-100 dark:hover:bg-slate-800"
          >
            {t('settings:copy.text')}
          </CopyButton>
          <p role="status" data-testid="settings-status" className="font-medium">
            {status && <MsgText m={status} components={DATA_TAGS} />}
          </p>
        </div>
      </div>
      <ProfileSettings config={config} apply={apply} />
      <ConnectionSettings config={config} apply={apply} />
      <TopicSettings config={config} apply={apply} />
      <SecuritySettings config={config} apply={apply} />
      <BlockwiseSettings config={config} apply={apply} />
      <BrokerSettings onDone={afterChange} onError={setStatus} />
    </form>
  );
}
