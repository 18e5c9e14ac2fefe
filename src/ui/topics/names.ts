import type { ChannelView } from '../../worker/api';

/** What a list shows for a CoAP client: the name it was given, and its clientid beside it. */
export interface ClientLabel {
  name: string;
  /** The gateway's clientid, when the name is not it (a connectionless channel's random one). */
  clientId?: string;
}

type Named = Pick<ChannelView, 'id' | 'clientId' | 'client' | 'mode'>;

/** Most channels remembered after they closed; the oldest go first. */
const REMEMBERED = 1000;
const closedNames = new Map<string, ClientLabel>();

/**
 * A channel's client as the user knows it. In connectionless mode the gateway makes up a random
 * 16-character clientid; the simulated client's name ("dev0") is what the user gave, so it comes
 * first. In connection mode the clientid is the user's own ("123"). A channel that has closed
 * since is named as it was last seen.
 */
export function channelLabel(
  channels: readonly Named[],
  channelId: string,
  clientId?: string,
): ClientLabel {
  const ch = channels.find((c) => c.id === channelId);
  if (!ch) return closedNames.get(channelId) ?? { name: clientId || channelId };
  const label: ClientLabel =
    ch.client !== undefined && ch.mode === 'connectionless'
      ? { name: ch.client, clientId: ch.clientId }
      : { name: ch.clientId || clientId || channelId };
  closedNames.delete(channelId);
  closedNames.set(channelId, label);
  if (closedNames.size > REMEMBERED) closedNames.delete(closedNames.keys().next().value as string);
  return label;
}
