/**
 * A bounded in-memory cache of whole files, keyed by SHA-256. Versions are immutable and
 * addressed by their hash, so an entry can never be stale: the only question is memory.
 *
 * Bounds: at most `maxBytes` in total (DOCUMENT_CACHE_BYTES, default 256 MiB), and no file
 * larger than `maxFileBytes` (DOCUMENT_CACHE_MAX_FILE_BYTES, default 16 MiB) is kept — large
 * files stream from storage. Eviction: least recently used first (a Map keeps insertion order;
 * a hit re-inserts the entry at the end). Concurrent misses for the same hash share one load.
 * Memory while loading is bounded too: at most `maxBytes` worth of loads run at once; beyond
 * that callers stream instead.
 */
export class VersionCache {
  private readonly entries = new Map<string, Buffer>();
  private readonly loading = new Map<string, Promise<Buffer | null>>();
  private bytes = 0;
  private loadingBytes = 0;
  hits = 0;
  misses = 0;

  constructor(
    readonly maxBytes: number,
    readonly maxFileBytes: number,
  ) {}

  get size(): number {
    return this.bytes;
  }

  get count(): number {
    return this.entries.size;
  }

  /** Whether a file of `size` bytes may be cached at all. */
  accepts(size: number): boolean {
    return size > 0 && size <= this.maxFileBytes && size <= this.maxBytes;
  }

  get(sha256: string): Buffer | undefined {
    const hit = this.entries.get(sha256);
    if (hit) {
      this.entries.delete(sha256);
      this.entries.set(sha256, hit);
      this.hits++;
    }
    return hit;
  }

  set(sha256: string, data: Buffer): void {
    if (!this.accepts(data.length) || this.entries.has(sha256)) return;
    while (this.bytes + data.length > this.maxBytes) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.bytes -= this.entries.get(oldest.value)!.length;
      this.entries.delete(oldest.value);
    }
    this.entries.set(sha256, data);
    this.bytes += data.length;
  }

  /**
   * The file from the cache, or loaded with `load` and cached; null when it may not be cached
   * (too large, or too many loads in flight) — the caller streams it instead.
   */
  async getOrLoad(sha256: string, size: number, load: () => Promise<Buffer>): Promise<Buffer | null> {
    const hit = this.get(sha256);
    if (hit) return hit;
    if (!this.accepts(size)) return null;
    const pending = this.loading.get(sha256);
    if (pending) return pending;
    if (this.loadingBytes + size > this.maxBytes) return null;
    this.misses++;
    this.loadingBytes += size;
    const p = load()
      .then((data) => {
        if (data.length !== size) return null; // storage disagrees with the database: do not keep it
        this.set(sha256, data);
        return data;
      })
      .finally(() => {
        this.loadingBytes -= size;
        this.loading.delete(sha256);
      });
    this.loading.set(sha256, p);
    return p;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}
