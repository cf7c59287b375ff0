import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller } from '../auth/access';
import { MeetingLookup } from '../meetings/meeting-lookup.service';
import { DocumentAccess, seenBy } from './document-access';
import { isDocumentLanguage } from './document-ref';
import { findAgendaItemNumber } from './document.queries';
import { findBundleFiles, type ResolvedFile } from './version.queries';

/** What goes into an agenda item's ZIP: the files, and the item's number for the ZIP's name. */
export interface Bundle {
  item: string;
  files: ResolvedFile[];
}

/** The documents of an agenda item in one language, as one download (DownloadService streams the ZIP). */
@Injectable()
export class BundleService {
  constructor(
    private readonly ds: DataSource,
    private readonly meetingLookup: MeetingLookup,
    private readonly access: DocumentAccess,
  ) {}

  /** Files of the agenda item's current documents in `lang` (or their `original`) that the caller sees. */
  async bundle(code: string, agendaItemId: string, lang: string, caller: Caller | null): Promise<Bundle> {
    if (!isDocumentLanguage(lang)) throw new NotFoundException(`No language ${lang}.`);
    const meeting = await this.meetingLookup.get(code);
    const item = await findAgendaItemNumber(this.ds, meeting.id, agendaItemId);
    if (item === null) throw new NotFoundException(`No agenda item ${agendaItemId} in ${code}.`);
    const level = await this.access.level(caller, code);
    return { item, files: await findBundleFiles(this.ds, meeting.id, seenBy(level), agendaItemId, lang) };
  }
}
