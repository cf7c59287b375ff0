import { ChangeCursor } from './feed';

describe('ChangeCursor', () => {
  const ev = (seq: number) => ({ seq });

  it('applies in order, drops duplicates and waits for gaps to fill', () => {
    const applied: number[] = [];
    const gaps: number[] = [];
    const cursor = new ChangeCursor<{ seq: number }>(
      3,
      (e) => applied.push(e.seq),
      (last) => gaps.push(last),
    );
    cursor.offer(ev(4));
    cursor.offer(ev(4));
    cursor.offer(ev(6));
    expect(applied).toEqual([4]);
    expect(gaps).toEqual([4]);
    expect(cursor.waiting).toBe(1);
    cursor.offer(ev(5));
    expect(applied).toEqual([4, 5, 6]);
    expect(cursor.lastSeq).toBe(6);
    cursor.offer(ev(2));
    cursor.offer(ev(6));
    expect(applied).toEqual([4, 5, 6]);
  });

  it('asks for a catch-up when the feed head is ahead', () => {
    const gaps: number[] = [];
    const cursor = new ChangeCursor<{ seq: number }>(
      10,
      () => undefined,
      (last) => gaps.push(last),
    );
    cursor.observeHead(10);
    expect(gaps).toEqual([]);
    cursor.observeHead(12);
    expect(gaps).toEqual([10]);
  });
});
