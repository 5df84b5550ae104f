/**
 * The signed-in session: the bearer token in localStorage, shared by every tab of the desk in this browser (a link
 * opened in a new tab stays signed in — a fresh-clone try-out found each new tab asking to sign in again), from the
 * development sign-in or from the identity provider (OIDC authorization code + PKCE, see oidc.ts). Signing in or out
 * in one tab is seen by the others (the `storage` event). The token's own expiry bounds how long it is kept useful.
 */
const KEY = 'freightflow.token';
const listeners = new Set<() => void>();

export const currentToken = (): string | null => localStorage.getItem(KEY);

export function setToken(token: string): void {
  localStorage.setItem(KEY, token);
  listeners.forEach((l) => l());
}

/** Forgets the token in every tab of this browser (the identity provider's session, if any, stays). */
export function signOutLocally(): void {
  localStorage.removeItem(KEY);
  listeners.forEach((l) => l());
}

// Another tab signed in or out: tell this tab's listeners (the storage event fires only in the other tabs).
window.addEventListener('storage', (e) => {
  if (e.key === KEY || e.key === null) listeners.forEach((l) => l());
});

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
