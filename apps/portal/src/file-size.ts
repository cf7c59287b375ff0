import { locale } from './i18n';

/** A file's size in the viewer's language: bytes below a kilobyte, then kB, then MB. */
export function formatSize(bytes: number, inLocale: string = locale()): string {
  const [value, unit, digits] =
    bytes < 1024 ? [bytes, 'byte', 0] : bytes < 1024 * 1024 ? [bytes / 1024, 'kilobyte', 0] : [bytes / (1024 * 1024), 'megabyte', 1];
  // The short byte is "2 byte" in English: below a kilobyte the long form, which has plurals.
  const unitDisplay = unit === 'byte' ? 'long' : 'short';
  return new Intl.NumberFormat(inLocale, { style: 'unit', unit, unitDisplay, maximumFractionDigits: digits }).format(value);
}
