import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelStory as Story, StoryItem } from '../../sim';
import { formatTime } from '../layout/format';
import { usePlayground } from '../state/store';
import { packetIndex } from '../packets/packets-store';
import { msg } from '../../wire/msg';
import { MsgText } from '../i18n/MsgText';

/** Items shown before "Show all": the newest ones. */
const SHOWN = 5;

const DOT: Record<StoryItem['kind'], string> = {
  opened: 'bg-sky-500',
  connected: 'bg-violet-500',
  'taken-over': 'bg-violet-500',
  keepalive: 'bg-emerald-500',
  'peer-moved': 'bg-amber-500',
  operator: 'bg-fuchsia-500',
  closed: 'bg-rose-500',
};

/**
 * A channel's life as the world recorded it (sim/story.ts): opened, token issued, each keep-alive
 * reset by the datagram that reset it, peer moves, the close and its cause. Each item with a
 * datagram links to it in the packet log. The text is the world's; this only lays it out.
 */
export function ChannelStory({
  story,
  channel,
  all: showAll = false,
}: {
  story: Story;
  channel: string;
  /** Every item at once (a closed channel's story, opened on request). */
  all?: boolean;
}) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState(showAll);
  const items = story.items;
  const shown = expanded ? items : items.slice(-SHOWN);
  const hidden = items.length - shown.length;
  return (
    <div data-testid="channel-story" className="space-y-1">
      {(hidden > 0 || story.omitted > 0) && (
        <p className="text-[11px] text-slate-600 dark:text-slate-400">
          {hidden > 0 && (
            <button
              type="button"
              onClick={() => setExpanded(true)}
              className="font-medium text-sky-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:text-sky-400"
            >
              {t('story:ui.show-earlier', { n: hidden })}
            </button>
          )}
          {hidden > 0 && story.omitted > 0 && ' · '}
          {story.omitted > 0 && t('story:ui.omitted', { n: story.omitted })}
        </p>
      )}
      <ol className="space-y-1.5 border-l border-slate-200 pl-3 dark:border-slate-700">
        {shown.map((item, i) => (
          <Item key={`${item.at}-${item.kind}-${i + hidden}`} item={item} channel={channel} />
        ))}
      </ol>
    </div>
  );
}

function Item({ item, channel }: { item: StoryItem; channel: string }) {
  const { t } = useTranslation();
  const selectPacket = usePlayground((s) => s.selectPacket);
  const selected = usePlayground((s) => s.selectedPacket === item.packet);
  const { packet } = item;
  return (
    <li
      className="relative text-xs"
      data-testid="story-item"
      data-kind={item.kind}
      data-packet={packet}
    >
      <span
        aria-hidden="true"
        className={`absolute top-1 -left-[17px] h-2 w-2 rounded-full ring-2 ring-white dark:ring-slate-900 ${DOT[item.kind]}`}
      />
      <div className="flex items-start gap-2">
        <p className="min-w-0 flex-1 [overflow-wrap:anywhere] text-slate-800 dark:text-slate-200">
          <span className="mr-1.5 font-mono text-[11px] text-slate-600 tabular-nums dark:text-slate-400">
            {formatTime(item.at)}
          </span>
          <MsgText m={item.text} />
        </p>
        {packet !== undefined && (
          <button
            type="button"
            onClick={() => selectPacket(packet)}
            aria-pressed={selected}
            title={
              packetIndex.bySeq(packet) ? t('story:ui.packet.select') : t('story:ui.packet.gone')
            }
            className="shrink-0 rounded px-1 font-medium whitespace-nowrap text-sky-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 aria-pressed:bg-sky-100 dark:text-sky-400 dark:aria-pressed:bg-sky-900/60"
          >
            {/* Its name, read aloud: the item's words, its wire data (a clientid, a datagram, the
                channel) marked as such, which a label attribute could not. */}
            <span className="sr-only">
              <MsgText m={msg('story:ui.packet.label', { text: item.text, channel })} />
            </span>
            <span aria-hidden="true">{t('story:ui.packet')}</span>
          </button>
        )}
      </div>
      {(item.detail || item.expiresBy !== undefined) && (
        <p className="mt-0.5 [overflow-wrap:anywhere] text-slate-600 dark:text-slate-400">
          <MsgText m={item.detail} />
          {item.expiresBy !== undefined && (
            <>
              {item.detail ? ' ' : ''}
              {t('story:keepalive.expires', { time: formatTime(item.expiresBy) })}
            </>
          )}
        </p>
      )}
    </li>
  );
}
