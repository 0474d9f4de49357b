const KEY = 'tandem.token';

/** The API token this browser uses; kept in localStorage so a reload stays signed in. */
export function storedToken(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string | null): void {
  try {
    if (token) localStorage.setItem(KEY, token);
    else localStorage.removeItem(KEY);
  } catch {
    // Storage disabled: the token lasts for this page only.
  }
}
