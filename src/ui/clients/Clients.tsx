import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { SectionTitle } from '../kit/controls';
import { useSnapshot } from '../state/playground';
import { AddClient } from './AddClient';
import { CoapClientCard } from './CoapClientCard';
import { MqttClientCard } from './MqttClientCard';
import { RealPeerCard } from './RealPeers';

/**
 * The simulated CoAP clients (address, link conditions, recent exchanges) and the virtual MQTT
 * clients (subscriptions, received messages), with forms to add, remove and drive them.
 */
export function Clients() {
  const snapshot = useSnapshot();
  const ids = useId();
  const { t } = useTranslation();
  if (!snapshot)
    return <p className="text-xs text-slate-600 dark:text-slate-400">{t('clients:starting')}</p>;
  const { coapClients, mqttClients, realPeers } = snapshot;
  return (
    <div className="space-y-4">
      <AddClient />
      <section aria-labelledby={`${ids}-coap`} className="space-y-2">
        <SectionTitle id={`${ids}-coap`}>
          {t('clients:coap.title', { n: coapClients.length })}
        </SectionTitle>
        {coapClients.length === 0 ? (
          <p className="text-xs text-slate-600 dark:text-slate-400">{t('clients:coap.none')}</p>
        ) : (
          <ul className="space-y-2">
            {coapClients.map((c) => (
              <li key={c.name}>
                <CoapClientCard client={c} />
              </li>
            ))}
          </ul>
        )}
      </section>
      {realPeers.length > 0 && (
        <section aria-labelledby={`${ids}-real`} className="space-y-2">
          <SectionTitle id={`${ids}-real`}>
            {t('clients:real.title', { n: realPeers.length })}
          </SectionTitle>
          <ul className="space-y-2">
            {realPeers.map((p) => (
              <li key={`${p.peer.address}|${p.peer.port}`}>
                <RealPeerCard peer={p} />
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby={`${ids}-mqtt`} className="space-y-2">
        <SectionTitle id={`${ids}-mqtt`}>
          {t('clients:mqtt.title', { n: mqttClients.length })}
        </SectionTitle>
        {mqttClients.length === 0 ? (
          <p className="text-xs text-slate-600 dark:text-slate-400">{t('clients:mqtt.none')}</p>
        ) : (
          <ul className="space-y-2">
            {mqttClients.map((c) => (
              <li key={c.clientId}>
                <MqttClientCard client={c} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
