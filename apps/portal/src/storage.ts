/** localStorage that never throws (private browsing, storage disabled, quota). */
export const store = {
  get(key: string): string | null {
    try {
      return window.localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key: string, value: string | null): void {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, value);
    } catch {
      /* storage unavailable: the preference lasts for this page only */
    }
  },
};

export const KEYS = {
  token: 'cop.token',
  user: 'cop.user',
  lang: 'cop.lang',
  localTime: 'cop.localTime',
  /** The interpretation channel last chosen on the live page (floor, ar, zh, en, fr, ru, es). */
  channel: 'cop.channel',
  audioOnly: 'cop.audioOnly',
} as const;
