import type { ChangeEvent } from '@cop/contracts/feed';
import { useSignal, type ReadonlySignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import * as auth from '../../auth';
import { FeedConnection, type FeedStatus } from '../../feed';

/**
 * The meeting's change feed for the documents page, from `since` on: each change goes to
 * `onChange`, and the connection's state is returned. The one place the page meets the feed.
 */
export function useDocumentFeed(opts: {
  meeting: string;
  since: number;
  onChange(event: ChangeEvent): void;
  onUnauthorized(): void;
}): ReadonlySignal<FeedStatus> {
  const status = useSignal<FeedStatus>('connecting');
  const latest = useRef(opts);
  latest.current = opts;
  useEffect(() => {
    const feed = new FeedConnection({
      meeting: opts.meeting,
      since: opts.since,
      token: auth.token(),
      onChange: (event) => latest.current.onChange(event),
      onStatus: (s) => (status.value = s),
      onUnauthorized: () => latest.current.onUnauthorized(),
    });
    return () => feed.close();
  }, [opts.meeting]);
  return status;
}
