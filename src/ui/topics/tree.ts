import type { RetainedView, SubscriptionView } from '../../worker/api';

/** One level of the topic tree: a segment, what sits exactly here, and the levels below. */
export interface TopicNode {
  /** The label shown: one segment, or several joined with `/` when a chain was compacted. */
  label: string;
  /** The full topic or filter of this node. */
  path: string;
  subscriptions: SubscriptionView[];
  retained: RetainedView[];
  children: TopicNode[];
}

interface Building {
  segment: string;
  path: string;
  subscriptions: SubscriptionView[];
  retained: RetainedView[];
  children: Map<string, Building>;
}

const node = (segment: string, path: string): Building => ({
  segment,
  path,
  subscriptions: [],
  retained: [],
  children: new Map(),
});

function place(root: Building, topic: string): Building {
  let at = root;
  const parts = topic.split('/');
  parts.forEach((segment, i) => {
    let next = at.children.get(segment);
    if (!next) {
      next = node(segment, parts.slice(0, i + 1).join('/'));
      at.children.set(segment, next);
    }
    at = next;
  });
  return at;
}

/** An empty segment (as in `/abc` or `a//b`) is a real level in MQTT; show it so. */
export const segmentLabel = (s: string): string => (s === '' ? '(empty)' : s);

function finish(b: Building): TopicNode {
  let label = segmentLabel(b.segment);
  let cur = b;
  // Compact chains of levels that hold nothing and have one child: `a › b › c` → `a/b/c`.
  while (cur.subscriptions.length === 0 && cur.retained.length === 0 && cur.children.size === 1) {
    cur = [...cur.children.values()][0];
    label += '/' + segmentLabel(cur.segment);
  }
  return {
    label,
    path: cur.path,
    subscriptions: [...cur.subscriptions].sort(
      (x, y) => x.kind.localeCompare(y.kind) || x.clientId.localeCompare(y.clientId),
    ),
    retained: cur.retained,
    children: [...cur.children.values()]
      .sort((x, y) => order(x.segment) - order(y.segment) || x.segment.localeCompare(y.segment))
      .map(finish),
  };
}

/** Names first, then `+`, then `#`, the way people read a filter list. */
const order = (s: string): number => (s === '#' ? 2 : s === '+' ? 1 : 0);

/**
 * The topic tree of the broker: every subscription filter (CoAP observers and MQTT clients) and
 * every retained topic, split on `/`. Filters and names share the tree, so `a/+` sits beside `a/b`.
 */
export function buildTopicTree(
  subscriptions: readonly SubscriptionView[],
  retained: readonly RetainedView[],
): TopicNode[] {
  const root = node('', '');
  for (const s of subscriptions) place(root, s.filter).subscriptions.push(s);
  for (const r of retained) place(root, r.topic).retained.push(r);
  return [...root.children.values()]
    .sort((x, y) => order(x.segment) - order(y.segment) || x.segment.localeCompare(y.segment))
    .map(finish);
}
