/**
 * The signed-in session: the bearer token in sessionStorage (this tab only), from the development
 * sign-in or from the identity provider (OIDC authorization code + PKCE, see oidc.ts).
 */
const KEY = 'freightflow.token';
const listeners = new Set<() => void>();

export const currentToken = (): string | null => sessionStorage.getItem(KEY);

export function setToken(token: string): void {
  sessionStorage.setItem(KEY, token);
  listeners.forEach((l) => l());
}

/** Forgets the token here (the identity provider's session, if any, stays). */
export function signOutLocally(): void {
  sessionStorage.removeItem(KEY);
  listeners.forEach((l) => l());
}

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
