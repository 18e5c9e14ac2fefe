/**
 * A subscription trie over topic levels. Each node is one level of some filter; literal levels
 * live in a map, while the wildcards `+` and `#` have their own slots. So matching a name walks
 * at most two branches per level (the literal one and `+`) plus the `#` entries on the way:
 * its cost grows with the depth of the name and the number of matches, not with the number of
 * filters stored. The semantics are those of `topicMatches` (topic.ts), and are tested against it.
 */

export interface TrieEntry<V> {
  filter: string;
  key: string;
  value: V;
}

class TrieNode<V> {
  /** Literal child levels; `+` has its own slot, so a name level `+` never reaches it. */
  readonly children = new Map<string, TrieNode<V>>();
  /** The `+` child level. */
  plus: TrieNode<V> | undefined = undefined;
  /** Filters ending in `/#` at this node (or `#` alone at the root), by key. */
  hash: Map<string, TrieEntry<V>> | undefined = undefined;
  /** Filters ending exactly at this node, by key. */
  here: Map<string, TrieEntry<V>> | undefined = undefined;

  isEmpty(): boolean {
    return (
      this.children.size === 0 &&
      this.plus === undefined &&
      this.hash === undefined &&
      this.here === undefined
    );
  }
}

/**
 * Filters (assumed valid, see `validateTopicFilter`) with one value per (filter, key) pair; adding
 * the same pair again replaces its value. In a filter, a `+` level is the single-level wildcard and
 * a last `#` level the multi-level one. In a name, every level is a plain string, so a name
 * containing `+` (gateway-behaviour §1.8) is matched by `+`, `#` and the identical literal path only.
 */
export class TopicTrie<V> {
  private readonly root = new TrieNode<V>();
  private count = 0;
  private nodes = 1;

  /** How many (filter, key) pairs are stored. */
  get size(): number {
    return this.count;
  }

  /** How many nodes the trie holds, the root included (1 when empty: removal prunes). */
  get nodeCount(): number {
    return this.nodes;
  }

  add(filter: string, key: string, value: V): void {
    const levels = filter.split('/');
    const last = levels.length - 1;
    let node = this.root;
    for (let i = 0; i < last; i++) node = this.child(node, levels[i]);
    let slot: Map<string, TrieEntry<V>>;
    if (levels[last] === '#') {
      slot = node.hash ??= new Map();
    } else {
      node = this.child(node, levels[last]);
      slot = node.here ??= new Map();
    }
    if (!slot.has(key)) this.count++;
    slot.set(key, { filter, key, value });
  }

  /** Removes the pair; returns whether it was there. Nodes left empty are pruned. */
  remove(filter: string, key: string): boolean {
    const levels = filter.split('/');
    const last = levels.length - 1;
    const path: TrieNode<V>[] = [this.root];
    let node: TrieNode<V> | undefined = this.root;
    const stop = levels[last] === '#' ? last : levels.length;
    for (let i = 0; i < stop && node; i++) {
      node = levels[i] === '+' ? node.plus : node.children.get(levels[i]);
      if (node) path.push(node);
    }
    if (!node) return false;
    const slot = stop === last ? node.hash : node.here;
    if (!slot?.delete(key)) return false;
    this.count--;
    if (slot.size === 0) {
      if (stop === last) node.hash = undefined;
      else node.here = undefined;
    }
    // Prune from the deepest node up; path[j] is the node for levels[j - 1].
    for (let j = path.length - 1; j > 0 && path[j].isEmpty(); j--) {
      const parent = path[j - 1];
      const level = levels[j - 1];
      if (level === '+') parent.plus = undefined;
      else parent.children.delete(level);
      this.nodes--;
    }
    return true;
  }

  /** Every stored pair whose filter matches the topic `name`, each once. */
  match(name: string): TrieEntry<V>[] {
    const out: TrieEntry<V>[] = [];
    const levels = name.split('/');
    const n = levels.length;
    // [MQTT-4.7.2-1]: a filter starting with a wildcard does not match a name starting with `$`.
    const dollar = name.charCodeAt(0) === 0x24;
    // An explicit stack of (node, depth): names may have thousands of levels.
    const nodes: TrieNode<V>[] = [this.root];
    const depths: number[] = [0];
    while (nodes.length > 0) {
      const node = nodes.pop()!;
      const i = depths.pop()!;
      const atRoot = i === 0;
      // `#` matches the rest of the name, including no levels at all (`a/#` matches `a`).
      if (node.hash && !(atRoot && dollar)) for (const e of node.hash.values()) out.push(e);
      if (i === n) {
        if (node.here) for (const e of node.here.values()) out.push(e);
        continue;
      }
      const child = node.children.get(levels[i]);
      if (child) {
        nodes.push(child);
        depths.push(i + 1);
      }
      if (node.plus && !(atRoot && dollar)) {
        nodes.push(node.plus);
        depths.push(i + 1);
      }
    }
    return out;
  }

  /** Every stored pair, in no particular order. */
  entries(): TrieEntry<V>[] {
    const out: TrieEntry<V>[] = [];
    const stack: TrieNode<V>[] = [this.root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.hash) for (const e of node.hash.values()) out.push(e);
      if (node.here) for (const e of node.here.values()) out.push(e);
      for (const c of node.children.values()) stack.push(c);
      if (node.plus) stack.push(node.plus);
    }
    return out;
  }

  private child(node: TrieNode<V>, level: string): TrieNode<V> {
    if (level === '+') {
      if (!node.plus) {
        node.plus = new TrieNode();
        this.nodes++;
      }
      return node.plus;
    }
    let next = node.children.get(level);
    if (!next) {
      next = new TrieNode();
      node.children.set(level, next);
      this.nodes++;
    }
    return next;
  }
}
