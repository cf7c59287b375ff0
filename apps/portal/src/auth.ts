import { KEYS, store } from './storage';

export interface StoredUser {
  email: string;
  role: string;
  displayName?: string | null;
}

const listeners = new Set<() => void>();

/** The bearer token saved by the login page (or put there by another tool), if any. */
export function token(): string | null {
  return store.get(KEYS.token) || null;
}

export function user(): StoredUser | null {
  try {
    const raw = store.get(KEYS.user);
    return raw ? (JSON.parse(raw) as StoredUser) : null;
  } catch {
    return null;
  }
}

export function signIn(newToken: string, who: StoredUser | null): void {
  store.set(KEYS.token, newToken);
  store.set(KEYS.user, who ? JSON.stringify(who) : null);
  for (const fn of [...listeners]) fn();
}

export function signOut(): void {
  if (!token() && !user()) return;
  store.set(KEYS.token, null);
  store.set(KEYS.user, null);
  for (const fn of [...listeners]) fn();
}

export function onAuthChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
