/**
 * Where to go after signing in, from a `?next=` parameter. Only a path on this
 * site is followed ("/entries/abc"), never another origin ("//evil.example",
 * "/\\evil.example", "https://…"), so a crafted sign-in link cannot send
 * someone elsewhere after they type their password.
 */
export function safeNextPath(next: string | null | undefined, fallback = '/'): string {
  if (!next) return fallback;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse.
  if (!next.startsWith('/') || next.startsWith('//') || /[\\\u0000-\u001f]/.test(next)) return fallback;
  try {
    const url = new URL(next, 'https://jointly.invalid');
    if (url.origin !== 'https://jointly.invalid') return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}

/** A sign-in or sign-up link that comes back to `path` afterwards, with the email prefilled if known. */
export function authPath(page: '/signin' | '/signup', next: string, email?: string | null): string {
  const params = new URLSearchParams();
  if (next && next !== '/') params.set('next', next);
  if (email) params.set('email', email);
  const query = params.toString();
  return query ? `${page}?${query}` : page;
}
