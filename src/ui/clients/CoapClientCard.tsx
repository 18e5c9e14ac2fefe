import { useTranslation } from 'react-i18next';
import type { CoapClientView } from '../../worker/api';
import { iconButton } from '../kit/controls';
import { endpointKey } from '../../wire/endpoint';
import { useDispatch } from '../state/playground';
import { Exchanges } from './Exchanges';
import { LinkEditor, linkSummary } from './LinkEditor';
import { DeviceEditor } from './DeviceEditor';
import { TrafficSwitches } from './TrafficSwitches';

/** One simulated CoAP client: where it sits, its link to the gateway, and what it has sent. */
export function CoapClientCard({ client }: { client: CoapClientView }) {
  const dispatch = useDispatch();
  const { t } = useTranslation();
  const perfect = client.link.loss === 0 && client.link.delay === 0 && client.link.duplicate === 0;
  return (
    <article
      aria-label={t('clients:coap.card', { name: client.name })}
      data-testid={`coap-client-${client.name}`}
      className="rounded-lg border border-slate-200 dark:border-slate-800"
    >
      <header className="flex items-center gap-2 px-3 py-1.5">
        <span className="rounded bg-sky-100 px-1 text-[10px] font-semibold text-sky-800 dark:bg-sky-900 dark:text-sky-100">
          CoAP
        </span>
        {/* The name keeps its room (up to 40 %): the address gives way first, then the name. */}
        <h4 className="max-w-[40%] shrink-0 truncate text-sm font-semibold" translate="no">
          {client.name}
        </h4>
        <span
          className="truncate font-mono text-xs text-slate-600 dark:text-slate-400"
          translate="no"
        >
          {endpointKey(client.endpoint)}
        </span>
        <span
          className={`ml-auto shrink-0 text-[11px] ${perfect ? 'text-slate-600 dark:text-slate-400' : 'font-medium text-amber-800 dark:text-amber-200'}`}
        >
          {linkSummary(client.link, t)}
        </span>
        <button
          type="button"
          className={iconButton}
          aria-label={t('clients:remove', { name: client.name })}
          title={t('clients:remove.title')}
          onClick={() => void dispatch({ type: 'remove-client', name: client.name })}
        >
          ×
        </button>
      </header>
      <div className="space-y-1.5 border-t border-slate-200 px-3 py-1.5 dark:border-slate-800">
        <TrafficSwitches client={client.name} traffic={client.traffic} />
        <LinkEditor client={client.name} link={client.link} />
        <DeviceEditor client={client.name} behaviour={client.behaviour} />
        <Exchanges exchanges={client.exchanges} />
      </div>
    </article>
  );
}
