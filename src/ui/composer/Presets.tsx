import { useId, useState } from 'react';
import type { IntentResult } from '../../worker/api';
import { Trans, useTranslation } from 'react-i18next';
import { renderMsg } from '../i18n/msg';
import { Segmented, SectionTitle, smallButton } from '../kit/controls';
import { button } from '../kit/styles';
import type { ComposerForm } from './form';
import { MODE_SWITCH_RESETS } from './mode-switch';
import { PRESETS, presetForm } from './presets';
import type { GatewayMode, PresetId, PresetToken } from './presets';
import type { Msg } from '../../wire/msg';

/** A message with `<code>` marks (wire data) as plain text, for a title. */
const plain = (text: string) => text.replace(/<\/?code>/g, '');

/** Wire data in a preset's words: the same in every language. */
const CODE = { code: <code translate="no" className="font-mono" /> };

/**
 * One button per operation of the client-API document. The mode follows the gateway's setting
 * until the user picks one; in connection mode the token comes from the gateway's channels.
 */
export function Presets({
  gatewayMode,
  token,
  shortNames,
  onLoad,
  onSwitchMode,
}: {
  /** Undefined until the first snapshot: the buttons wait for it. */
  gatewayMode: GatewayMode | undefined;
  /** The token the gateway last issued to the presets' client id (its old one if the session ended). */
  token: PresetToken | undefined;
  shortNames: boolean;
  onLoad: (form: ComposerForm) => void;
  /** Puts the gateway in `mode` (a fresh world: MODE_SWITCH_RESETS). */
  onSwitchMode: (mode: GatewayMode) => Promise<IntentResult>;
}) {
  const { t } = useTranslation();
  const ids = useId();
  const [picked, setPicked] = useState<GatewayMode>();
  // The token the loaded preset was made with: its notice is said again at render, in the page's
  // language.
  const [loaded, setLoaded] = useState<{
    id: PresetId;
    mode: GatewayMode;
    token: string | PresetToken | undefined;
  }>();
  const mode = picked ?? gatewayMode ?? 'connectionless';

  const [switching, setSwitching] = useState(false);
  const [switchError, setSwitchError] = useState<Msg>();

  const load = (id: PresetId, as: GatewayMode = mode, t = token) => {
    const r = presetForm(id, as, { token: t, shortNames });
    onLoad(r.form);
    setLoaded({ id, mode: as, token: t });
  };
  const notice = loaded && presetForm(loaded.id, loaded.mode, { token: loaded.token }).notice;
  const definition = PRESETS.find((p) => p.id === loaded?.id);
  // The mode the chosen presets need, when the gateway runs in the other: picked, or a preset the
  // document has for connection mode only.
  const needed: GatewayMode | undefined =
    gatewayMode === undefined
      ? undefined
      : mode !== gatewayMode
        ? mode
        : definition?.connectionOnly && gatewayMode === 'connectionless'
          ? 'connection'
          : undefined;

  const switchMode = async (to: GatewayMode) => {
    setSwitching(true);
    setSwitchError(undefined);
    try {
      const r = await onSwitchMode(to);
      if (!r.ok) return setSwitchError(r.error);
      setPicked(undefined);
      // The loaded request again, as the new mode has it (a fresh world: no token yet).
      if (loaded) load(loaded.id, to, undefined);
    } finally {
      setSwitching(false);
    }
  };

  return (
    <section className="space-y-2" aria-labelledby={`${ids}-title`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <SectionTitle id={`${ids}-title`}>{t('composer:presets.title')}</SectionTitle>
        <Segmented<GatewayMode>
          legend={t('composer:presets.for')}
          size="xs"
          value={mode}
          onChange={setPicked}
          options={[
            {
              value: 'connection',
              label: t('composer:presets.connection'),
              title: t('composer:presets.connection-title'),
            },
            {
              value: 'connectionless',
              label: t('composer:presets.connectionless'),
              title: t('composer:presets.connectionless-title'),
            },
          ]}
        />
      </div>
      <div className="grid grid-cols-3 gap-1.5">
        {PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            title={plain(t(p.description))}
            onClick={() => load(p.id)}
            disabled={gatewayMode === undefined}
            data-loaded={loaded?.id === p.id ? '' : undefined}
            className={`${smallButton} h-7 data-loaded:border-sky-600 data-loaded:bg-sky-50 data-loaded:text-sky-900 dark:data-loaded:border-sky-400 dark:data-loaded:bg-sky-950 dark:data-loaded:text-sky-100`}
          >
            {t(p.label)}
          </button>
        ))}
      </div>
      {needed !== undefined && (
        <div
          className="space-y-1.5 rounded-md border border-amber-300 bg-amber-50 px-2.5 py-2 text-[11px] text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
          data-testid="preset-mode-switch"
        >
          <p>
            {mode !== gatewayMode
              ? t('composer:presets.other-mode', { gateway: gatewayMode, mode })
              : t('composer:presets.needs-mode', { gateway: gatewayMode, mode: needed })}
          </p>
          <button
            type="button"
            className={`${button} text-xs`}
            onClick={() => void switchMode(needed)}
            disabled={switching}
          >
            {t('composer:mode-switch.button', { mode: needed })}
          </button>
          <p>{t(MODE_SWITCH_RESETS)}</p>
          {switchError && (
            <p role="alert">
              {t('composer:mode-switch.failed', { error: renderMsg(switchError, t) })}
            </p>
          )}
        </div>
      )}
      {loaded && (
        <p role="status" className="text-[11px] leading-snug text-slate-600 dark:text-slate-400">
          {definition && (
            <Trans
              i18nKey={
                loaded.mode === 'connectionless'
                  ? (definition.connectionOnlyDescription ?? definition.description)
                  : definition.description
              }
              components={CODE}
            />
          )}
          {notice && (
            <span className="mt-0.5 block text-amber-800 dark:text-amber-200">⚠ {notice}</span>
          )}
        </p>
      )}
    </section>
  );
}
