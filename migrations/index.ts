import { Calendar1732350000000 } from './1732350000000-Calendar';
import { Documents1732360000000 } from './1732360000000-Documents';
import { Registration1732370000000 } from './1732370000000-Registration';
import { Streams1732380000000 } from './1732380000000-Streams';
import { DocumentProcessing1732391500000 } from './1732391500000-DocumentProcessing';
import { OrganizationConfirmation1732395000000 } from './1732395000000-OrganizationConfirmation';
import { ChangeReasonsAndActors1732400000000 } from './1732400000000-ChangeReasonsAndActors';
import { MeetingRevision1732410000000 } from './1732410000000-MeetingRevision';

/** Every migration, in order. Listed explicitly so compiled and test runs see the same set. */
export const migrations = [
  Calendar1732350000000,
  Documents1732360000000,
  Registration1732370000000,
  Streams1732380000000,
  DocumentProcessing1732391500000,
  OrganizationConfirmation1732395000000,
  ChangeReasonsAndActors1732400000000,
  MeetingRevision1732410000000,
];
