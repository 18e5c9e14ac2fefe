import { useId } from 'react';
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
  if (!snapshot)
    return <p className="text-xs text-slate-600 dark:text-slate-400">Starting the simulation…</p>;
  const { coapClients, mqttClients, realPeers } = snapshot;
  return (
    <div className="space-y-4">
      <AddClient />
      <section aria-labelledby={`${ids}-coap`} className="space-y-2">
        <SectionTitle id={`${ids}-coap`}>CoAP clients ({coapClients.length})</SectionTitle>
        {coapClients.length === 0 ? (
          <p className="text-xs text-slate-600 dark:text-slate-400">
            None yet. A simulated CoAP client has its own address and port on the virtual network.
          </p>
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
          <SectionTitle id={`${ids}-real`}>Real peers ({realPeers.length})</SectionTitle>
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
        <SectionTitle id={`${ids}-mqtt`}>MQTT clients ({mqttClients.length})</SectionTitle>
        {mqttClients.length === 0 ? (
          <p className="text-xs text-slate-600 dark:text-slate-400">
            None yet. An MQTT client subscribes and publishes on the broker, next to the gateway.
          </p>
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
