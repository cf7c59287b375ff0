import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Distribution, DocumentFormat, DocumentLanguage, DocumentSeries, DocumentType, LocalizedText } from '@cop/contracts';

const bigintNumber = { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/** A document of a meeting, named by its UN symbol. */
@Entity('document')
export class Document {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'meeting_id', type: 'uuid' }) meetingId!: string;
  /** UNEP/MC/COP.6/INF/26, validated by the grammar in @cop/contracts (parseSymbol). */
  @Column({ type: 'text' }) symbol!: string;
  @Column({ type: 'text' }) series!: DocumentSeries;
  @Column({ type: 'int' }) number!: number;
  /** The symbol this one revises, adds to or corrects (derived from the symbol). */
  @Column({ name: 'base_symbol', type: 'text', nullable: true }) baseSymbol!: string | null;
  /** The line of revisions this document belongs to; the highest `revision` is current. */
  @Column({ name: 'revision_of', type: 'text' }) revisionOf!: string;
  @Column({ type: 'int' }) revision!: number;
  @Column({ type: 'text' }) type!: DocumentType;
  @Column({ type: 'jsonb' }) title!: LocalizedText;
  @Column({ type: 'text' }) distribution!: Distribution;
  /** Bumped by every metadata correction (If-Match); not to be confused with Rev.N in `revision`. */
  @Column({ name: 'edit_revision', type: 'int', default: 1 }) editRevision!: number;
  /** Set when the first file is stored; unpublished documents exist for the secretariat only. */
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt!: Date | null;
  @Column({ name: 'last_seq', type: 'bigint', nullable: true, transformer: bigintNumber }) lastSeq!: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** One uploaded file: immutable content (hash, size, type); processing adds pages and text. */
@Entity('document_file')
export class DocumentFile {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'document_id', type: 'uuid' }) documentId!: string;
  @Column({ type: 'text' }) language!: DocumentLanguage;
  @Column({ type: 'int' }) version!: number;
  @Column({ type: 'text' }) sha256!: string;
  @Column({ type: 'bigint', transformer: bigintNumber }) size!: number;
  @Column({ name: 'media_type', type: 'text' }) mediaType!: string;
  @Column({ type: 'text' }) format!: DocumentFormat;
  @Column({ name: 'storage_key', type: 'text' }) storageKey!: string;
  @Column({ name: 'page_count', type: 'int', nullable: true }) pageCount!: number | null;
  @Column({ name: 'extracted_text', type: 'text', nullable: true, select: false }) extractedText!: string | null;
  @Column({ type: 'text' }) processing!: 'pending' | 'done' | 'failed';
  /** Why processing failed, after the last attempt. */
  @Column({ name: 'processing_error', type: 'text', nullable: true }) processingError!: string | null;
  /** When its processing job was put in Redis; null until then (the sweeper queues such files). */
  @Column({ name: 'queued_at', type: 'timestamptz', nullable: true }) queuedAt!: Date | null;
  @Column({ name: 'uploaded_by', type: 'uuid', nullable: true }) uploadedBy!: string | null;
  @Column({ name: 'uploaded_at', type: 'timestamptz' }) uploadedAt!: Date;
  @Column({ type: 'bigint', nullable: true, transformer: bigintNumber }) seq!: number | null;
}

/** A language version of a document: its latest file and its search vector. */
@Entity('document_language')
export class DocumentLanguageVersion {
  @PrimaryColumn({ name: 'document_id', type: 'uuid' }) documentId!: string;
  @PrimaryColumn({ type: 'text' }) language!: DocumentLanguage;
  @Column({ name: 'latest_file_id', type: 'uuid' }) latestFileId!: string;
  /** PostgreSQL text search configuration of the language (english, french, ..., simple). */
  @Column({ name: 'ts_config', type: 'text' }) tsConfig!: string;
  @Column({ name: 'published_at', type: 'timestamptz' }) publishedAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** The audit trail of restricted downloads. */
@Entity('document_download')
export class DocumentDownload {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'document_id', type: 'uuid' }) documentId!: string;
  @Column({ name: 'file_id', type: 'uuid' }) fileId!: string;
  @Column({ name: 'user_id', type: 'uuid', nullable: true }) userId!: string | null;
  @Column({ type: 'text' }) via!: 'bearer' | 'signed-link' | 'bundle';
  @Column({ name: 'range_start', type: 'bigint', nullable: true }) rangeStart!: string | null;
  @Column({ name: 'range_end', type: 'bigint', nullable: true }) rangeEnd!: string | null;
  @Column({ type: 'text', nullable: true }) ip!: string | null;
  @Column({ type: 'timestamptz' }) at!: Date;
}

/** PostgreSQL's text search configuration for each document language (none for Chinese: simple). */
export const TS_CONFIG: Record<DocumentLanguage, string> = {
  ar: 'arabic',
  zh: 'simple',
  en: 'english',
  fr: 'french',
  ru: 'russian',
  es: 'spanish',
  original: 'simple',
};

/**
 * Recomputes the search vector of the language versions matching `where` (over `dl`): the
 * title in that language (else English) and the symbol weighted A, the latest file's
 * extracted text weighted B. After processing and after a title correction.
 */
export const reindexSearch = (where: string) => `
  UPDATE document_language dl
     SET search = setweight(to_tsvector(dl.ts_config::regconfig, COALESCE(d.title ->> dl.language, d.title ->> 'en') || ' ' || d.symbol), 'A')
               || setweight(to_tsvector(dl.ts_config::regconfig, COALESCE(f.extracted_text, '')), 'B')
    FROM document d, document_file f
   WHERE d.id = dl.document_id AND f.id = dl.latest_file_id AND ${where}`;
