import { Memo } from './memo';

describe('Memo', () => {
  it('shares one load between concurrent callers of a key', async () => {
    const memo = new Memo<number>({ ttlMs: 1000, max: 10 });
    let loads = 0;
    const load = () => new Promise<number>((resolve) => setTimeout(() => resolve(++loads), 5));
    const [a, b] = await Promise.all([memo.get('k', load), memo.get('k', load)]);
    expect([a, b, loads]).toEqual([1, 1, 1]);
  });

  it('loads again once the value is older than ttlMs', async () => {
    const memo = new Memo<number>({ ttlMs: 20, max: 10 });
    let loads = 0;
    await memo.get('k', async () => ++loads);
    await new Promise((r) => setTimeout(r, 40));
    expect(await memo.get('k', async () => ++loads)).toBe(2);
  });

  it('forgets a failed load, so the next caller tries again', async () => {
    const memo = new Memo<number>({ ttlMs: 1000, max: 10 });
    await expect(memo.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await memo.get('k', async () => 7)).toBe(7);
  });

  it('keeps at most max keys', async () => {
    const memo = new Memo<string>({ ttlMs: 1000, max: 2 });
    for (const k of ['a', 'b', 'c']) await memo.get(k, async () => k);
    let reloaded = false;
    await memo.get('a', async () => ((reloaded = true), 'a'));
    expect(reloaded).toBe(true);
  });
});
