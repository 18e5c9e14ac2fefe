import { useId, useState } from 'react';
import { Segmented, SectionTitle, smallButton } from '../kit/controls';
import type { ComposerForm } from './form';
import { PRESETS, presetForm } from './presets';
import type { GatewayMode, PresetId } from './presets';

/**
 * One button per operation of the client-API document. The mode follows the gateway's setting
 * until the user picks one; in connection mode the token comes from the gateway's channels.
 */
export function Presets({
  gatewayMode,
  token,
  shortNames,
  onLoad,
}: {
  /** Undefined until the first snapshot: the buttons wait for it. */
  gatewayMode: GatewayMode | undefined;
  /** The token the gateway last issued to the presets' client id, if it has one open. */
  token: string | undefined;
  shortNames: boolean;
  onLoad: (form: ComposerForm) => void;
}) {
  const ids = useId();
  const [picked, setPicked] = useState<GatewayMode>();
  const [loaded, setLoaded] = useState<{ id: PresetId; mode: GatewayMode; notice?: string }>();
  const mode = picked ?? gatewayMode ?? 'connectionless';

  const load = (id: PresetId) => {
    const r = presetForm(id, mode, { token, shortNames });
    onLoad(r.form);
    setLoaded({ id, mode, notice: r.notice });
  };
  const definition = PRESETS.find((p) => p.id === loaded?.id);

  return (
    <section className="space-y-2" aria-labelledby={`${ids}-title`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <SectionTitle id={`${ids}-title`}>Presets from the document</SectionTitle>
        <Segmented<GatewayMode>
          legend="Presets for"
          size="xs"
          value={mode}
          onChange={setPicked}
          options={[
            {
              value: 'connection',
              label: 'connection mode',
              title: 'clientid and token on every request',
            },
            { value: 'connectionless', label: 'connectionless', title: 'no clientid or token' },
          ]}
        />
      </div>
      <div className="grid grid-cols-3 gap-1.5">
        {PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            title={p.description}
            onClick={() => load(p.id)}
            disabled={gatewayMode === undefined}
            data-loaded={loaded?.id === p.id ? '' : undefined}
            className={`${smallButton} h-7 data-loaded:border-sky-600 data-loaded:bg-sky-50 data-loaded:text-sky-900 dark:data-loaded:border-sky-400 dark:data-loaded:bg-sky-950 dark:data-loaded:text-sky-100`}
          >
            {p.label}
          </button>
        ))}
      </div>
      {gatewayMode !== undefined && mode !== gatewayMode && (
        <p className="text-[11px] text-amber-800 dark:text-amber-200">
          The gateway runs in {gatewayMode} mode; these presets are for {mode} mode.
        </p>
      )}
      {loaded && (
        <p role="status" className="text-[11px] leading-snug text-slate-600 dark:text-slate-400">
          {definition?.description}
          {definition?.connectionOnly && loaded.mode === 'connectionless'
            ? '. The document lists it for connection mode only.'
            : ''}
          {loaded.notice && (
            <span className="mt-0.5 block text-amber-800 dark:text-amber-200">
              ⚠ {loaded.notice}
            </span>
          )}
        </p>
      )}
    </section>
  );
}
