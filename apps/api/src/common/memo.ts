import { LRUCache } from 'lru-cache';

/**
 * A small in-process cache of async look-ups for the hot read paths: concurrent callers of one
 * key share one load, a value is kept for `ttlMs`, a failed load is forgotten at once, and at
 * most `max` keys are kept (least recently used go first). Each process has its own, so what
 * another process writes shows here within `ttlMs`.
 */
export class Memo<V> {
  private readonly cache: LRUCache<string, { value: Promise<V> }>;

  constructor(options: { ttlMs: number; max: number }) {
    this.cache = new LRUCache({ max: options.max, ttl: options.ttlMs, ttlAutopurge: false });
  }

  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.cache.get(key);
    if (hit) return hit.value;
    const value = load();
    this.cache.set(key, { value });
    value.catch(() => {
      if (this.cache.get(key)?.value === value) this.cache.delete(key);
    });
    return value;
  }

  /** Forgets one key, e.g. after this process changed what it caches. */
  forget(key: string): void {
    this.cache.delete(key);
  }

  clear(): void {
    this.cache.clear();
  }
}
