import type { UnLanguage } from '@cop/contracts/languages';
import { fill, uiLang } from '../../i18n';

/**
 * Strings of the secretariat's schedule console. They live in this (lazily loaded) chunk rather
 * than in i18n.ts so the public schedule does not carry them; the other languages are in
 * ./locales/<code>.ts, loaded only when the console is shown in that language.
 */
export const CONSOLE_EN = {
  'cs.title': 'Schedule editor',
  'cs.forbidden': 'Only the secretariat can edit the schedule. Sign in with a secretariat account.',
  'cs.intro': 'Choose an empty slot to add a session; choose a session to edit it. Changes are published to every schedule at once.',
  'cs.grid': 'Sessions by room and time',
  'cs.time': 'Time',
  'cs.slot': 'New session in {room} at {time}',
  'cs.moveHelp': 'Enter: edit. M or Space: move with the arrow keys, Enter to drop, Escape to cancel.',
  'cs.list': 'Sessions of the day',
  'cs.none': 'No sessions on this day yet.',
  'cs.addSession': 'Add a session',
  'cs.newSession': 'New session',
  'cs.editSession': 'Edit session',
  'cs.titleIn': 'Title in {language}',
  'cs.titleHelp': 'English is required; the portal shows English where a language is missing.',
  'cs.type': 'Type',
  'cs.room': 'Room',
  'cs.day': 'Day',
  'cs.starts': 'Starts',
  'cs.ends': 'Ends',
  'cs.zoneNote': 'Times in the venue’s time zone ({zone}).',
  'cs.agendaItems': 'Agenda items',
  'cs.visibility': 'Visibility',
  'cs.visibility.public': 'Public',
  'cs.visibility.participants': 'Participants only',
  'cs.status': 'Status',
  'cs.save': 'Save',
  'cs.saveAnyway': 'Save anyway',
  'cs.close': 'Close',
  'cs.saving': 'Saving…',
  'cs.cancelSession': 'Cancel the session',
  'cs.postpone': 'Postpone',
  'cs.clash': 'Clashes with “{title}” in {room}, {time}.',
  'cs.clashHelp': 'Choose another time or room, or save anyway to hold both sessions in the room.',
  'cs.needEnglish': 'An English title is required.',
  'cs.endAfterStart': 'The end must be after the start.',
  'cs.invalid': 'The session could not be saved: {problems}',
  'cs.changedMeanwhile': 'Someone else has just changed this session: saving shows you what changed first.',
  'cs.conflict': 'Someone else changed this session while you were editing it.',
  'cs.conflictField': 'What changed',
  'cs.conflictBefore': 'When you opened it',
  'cs.conflictNow': 'Now',
  'cs.conflictMine': 'Your edit',
  'cs.conflictNothing': 'Only its revision changed; nothing you see differs.',
  'cs.reapply': 'Reapply my edit on top',
  'cs.discard': 'Discard my edit',
  'cs.created': '{title} added: {room}, {time}.',
  'cs.saved': '{title} saved.',
  'cs.pickedUp': '{title} picked up: {room}, {time}. Arrows move it by 15 minutes or to the next room; Enter drops it, Escape cancels.',
  'cs.movingTo': '{room}, {time}.',
  'cs.dropped': '{title} moved to {room}, {time}.',
  'cs.moveCancelled': 'Move cancelled.',
  'cs.moveClash': 'The move clashes with another session: review it in the panel.',
  'cs.rooms': 'Rooms',
  'cs.roomName': 'Room name',
  'cs.capacity': 'Capacity',
  'cs.addRoom': 'Add room',
  'cs.rename': 'Save',
  'cs.saveNamed': 'Save {name}',
  'cs.delete': 'Delete',
  'cs.deleteNamed': 'Delete {name}',
  'cs.roomsHelp': 'Rooms are listed by name. A room holding sessions cannot be deleted.',
  'cs.agenda': 'Agenda items',
  'cs.number': 'Number',
  'cs.agendaHelp': 'Items are listed in the order of their numbers (5, 5 (b), 5 (b) (ii)): renumber an item to move it.',
  'cs.addItem': 'Add agenda item',
  'cs.edit': 'Edit',
  'cs.editNamed': 'Edit item {number}',
  'cs.cancelEdit': 'Cancel',
  'cs.itemSaved': 'Agenda item {number} saved.',
  'cs.roomSaved': 'Room {name} saved.',
  'cs.deleted': '{name} deleted.',
  'cs.undo': 'Undo: {title}',
  'cs.undone': '{title}: change undone.',
  'cs.today': 'Changes today',
  'cs.todayNone': 'No changes yet today.',
  'cs.change.created': '{what} added',
  'cs.change.updated': '{what} changed',
  'cs.change.cancelled': '{what} cancelled',
  'cs.change.removed': '{what} removed',
  'cs.reason': 'Reason (if cancelled or postponed)',
  'cs.reasonHelp': 'Shown on the schedule beside the status, as you write it.',
  'cs.undoLast': 'Undo its last change',
  'cs.changeBy': 'by {who}',
  'cs.meeting': 'Meeting',
  'cs.meetingHelp': 'The meeting’s titles, venue, days and time zone. Days that would leave sessions outside the meeting are refused.',
  'cs.shortTitle': 'Short title',
  'cs.venue': 'Venue',
  'cs.timeZone': 'Time zone (IANA, e.g. Europe/Zurich)',
  'cs.startDate': 'First day',
  'cs.endDate': 'Last day',
  'cs.saveMeeting': 'Save the meeting',
  'cs.meetingSaved': 'Meeting saved.',
  'cs.meetingConflict': 'Someone else changed the meeting while you were editing it:',
};

export type ConsoleKey = keyof typeof CONSOLE_EN;
export type ConsoleDictionary = Record<ConsoleKey, string>;

const TRANSLATIONS: Record<Exclude<UnLanguage, 'en'>, () => Promise<{ default: ConsoleDictionary }>> = {
  ar: () => import('./locales/ar'),
  zh: () => import('./locales/zh'),
  fr: () => import('./locales/fr'),
  ru: () => import('./locales/ru'),
  es: () => import('./locales/es'),
};

const loaded: Partial<Record<UnLanguage, ConsoleDictionary>> = { en: CONSOLE_EN };

/** The console awaits this before rendering: the strings of the interface language. */
export async function loadConsoleStrings(): Promise<void> {
  const code = uiLang();
  if (loaded[code]) return;
  try {
    loaded[code] = (await TRANSLATIONS[code as Exclude<UnLanguage, 'en'>]()).default;
  } catch (e) {
    console.error(`could not load the ${code} console strings`, e);
  }
}

export function ct(key: ConsoleKey, vars?: Record<string, string | number>): string {
  return fill(loaded[uiLang()]?.[key] ?? CONSOLE_EN[key], vars);
}
