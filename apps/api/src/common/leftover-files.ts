import { readdir, stat, unlink } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** A file under a root, by its key (the path below the root, with '/'). */
export interface OldFile {
  path: string;
  key: string;
}

/**
 * Files under `root` whose key matches `pattern` and that nobody has written to for `minAgeMs`
 * (their mtime: an upload in flight writes, so it always looks young). A missing root has none.
 */
export async function oldFiles(root: string, pattern: RegExp, minAgeMs: number): Promise<OldFile[]> {
  const cutoff = Date.now() - minAgeMs;
  const found: OldFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) await walk(path);
      else if (e.isFile()) {
        const key = relative(root, path).split(sep).join('/');
        if (pattern.test(key) && (await isOlderThan(path, cutoff))) found.push({ path, key });
      }
    }
  };
  await walk(root);
  return found;
}

/**
 * Deletes each file that is still old (stat again just before: an upload of the same bytes may
 * have touched it since it was listed). The number deleted.
 */
export async function removeOld(files: readonly OldFile[], minAgeMs: number): Promise<number> {
  let removed = 0;
  for (const f of files) {
    if (!(await isOlderThan(f.path, Date.now() - minAgeMs))) continue;
    if (
      await unlink(f.path).then(
        () => true,
        () => false,
      )
    )
      removed++;
  }
  return removed;
}

async function isOlderThan(path: string, cutoff: number): Promise<boolean> {
  try {
    return (await stat(path)).mtimeMs < cutoff;
  } catch {
    return false;
  }
}
