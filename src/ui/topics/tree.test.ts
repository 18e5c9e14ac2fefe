import { describe, expect, it } from 'vitest';
import type { RetainedView, SubscriptionView } from '../../worker/api';
import { buildTopicTree } from './tree';

const sub = (
  filter: string,
  clientId: string,
  kind: 'coap' | 'mqtt' = 'mqtt',
): SubscriptionView => ({
  subscriber: `${kind}:${clientId}`,
  clientId,
  kind,
  filter,
  qos: 0,
});
const retained = (topic: string): RetainedView => ({
  topic,
  payload: 'x',
  qos: 0,
  publishedAt: 0,
  from: 'p',
});

describe('the topic tree', () => {
  it('puts filters and retained topics on the levels they name, wildcards after names', () => {
    const tree = buildTopicTree(
      [sub('coap/#', 'app'), sub('coap/test', 'dev', 'coap'), sub('coap/+', 'b')],
      [retained('coap/test')],
    );
    expect(tree.map((n) => n.label)).toEqual(['coap']);
    const coap = tree[0];
    expect(coap.children.map((n) => n.label)).toEqual(['test', '+', '#']);
    expect(coap.children[0].subscriptions.map((s) => s.clientId)).toEqual(['dev']);
    expect(coap.children[0].retained).toHaveLength(1);
  });

  it('compacts levels that hold nothing into one row', () => {
    const tree = buildTopicTree([sub('a/b/c', 'x')], []);
    expect(tree).toHaveLength(1);
    expect(tree[0].label).toBe('a/b/c');
    expect(tree[0].path).toBe('a/b/c');
    expect(tree[0].subscriptions).toHaveLength(1);
  });

  it('shows the empty first level of /abc', () => {
    const tree = buildTopicTree([sub('/abc', 'x')], []);
    expect(tree[0].label).toBe('(empty)/abc');
  });

  it('is empty with nothing subscribed or retained', () => {
    expect(buildTopicTree([], [])).toEqual([]);
  });
});
