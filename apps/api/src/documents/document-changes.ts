import {
  documentFileName,
  type Distribution,
  type DocumentChangeDto,
  type DocumentLanguage,
  type DocumentMetadataDto,
} from '@cop/contracts';
import type { FeedEntry } from '../changes/feed-writer.service';
import type { DocumentMetadata } from './document.queries';
import type { ReceivedUpload } from './upload-receiver';

/**
 * What the feed announces of a stored file: `document.published` with the metadata and the
 * file, to whoever may see the document; none for a secretariat-only document.
 */
export function publishedChange(
  metadata: DocumentMetadata,
  lang: DocumentLanguage,
  version: number,
  file: Pick<ReceivedUpload, 'sha256' | 'size' | 'format'>,
): FeedEntry | null {
  if (metadata.distribution === 'secretariat') return null;
  const { revision, revisionOf, ...rest } = metadata;
  const document: DocumentChangeDto = {
    ...rest,
    language: lang,
    version,
    sha256: file.sha256,
    size: file.size,
    fileName: documentFileName(rest.symbol, lang, file.format),
    supersedes: revision > 0 ? revisionOf : null,
  };
  return { visibility: metadata.distribution === 'public' ? 'public' : 'participants', body: { kind: 'document.published', document } };
}

/**
 * Who learns what of a metadata correction of a published document, by its distribution before
 * and after. Whoever may see it now gets document.updated in full; whoever saw it and no longer
 * may gets document.removed with its id only; the public gets a bare `redacted` entry for a
 * document it never saw. Secretariat-only documents are not announced (like their uploads);
 * secretariat clients, which still see a removed document, re-read it.
 */
export function metadataChanges(before: Distribution, metadata: DocumentMetadataDto): FeedEntry[] {
  const updated = { kind: 'document.updated' as const, document: metadata };
  const removed = { kind: 'document.removed' as const, document: { id: metadata.id } };
  switch (metadata.distribution) {
    case 'public':
      return [{ visibility: 'public', body: updated }];
    case 'participants':
      return [{ visibility: 'participants', body: updated, publicBody: before === 'public' ? removed : undefined }];
    case 'secretariat':
      return before === 'secretariat' ? [] : [{ visibility: before, body: removed }];
  }
}
