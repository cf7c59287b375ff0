import { formatSize as sized } from '../../apps/portal/src/file-size';

// Intl puts (narrow) no-break spaces between number and unit in some languages.
const formatSize = (bytes: number, locale: string) => sized(bytes, locale).replace(/\s/gu, ' ');

describe('file sizes in the viewer language', () => {
  it('says "bytes" for several bytes, and kB/MB above', () => {
    expect(formatSize(1, 'en')).toBe('1 byte');
    expect(formatSize(2, 'en')).toBe('2 bytes');
    expect(formatSize(900, 'fr')).toBe('900 octets');
    expect(formatSize(2048, 'en')).toBe('2 kB');
    expect(formatSize(5.5 * 1024 * 1024, 'en')).toBe('5.5 MB');
  });
});
