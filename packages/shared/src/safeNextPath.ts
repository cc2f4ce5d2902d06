/** The WHATWG URL both runtimes have (browsers, Node); this package compiles without DOM or Node types. */
declare const URL: new (
  input: string,
  base: string,
) => { origin: string; pathname: string; search: string; hash: string };

/** Longer than any path of the app; a longer `next` is not one of ours. */
const NEXT_PATH_MAX_CHARS = 2000;

/**
 * Where to go after signing in (by password in the page, or by single sign-on on the server), from
 * a `?next=` parameter. Only a path on this site is followed ("/entries/abc"), never another origin
 * ("//evil.example", "/\\evil.example", "https://…"), so a crafted sign-in link cannot send someone
 * elsewhere once they are signed in.
 */
export function safeNextPath(next: string | null | undefined, fallback = '/'): string {
  if (!next || next.length > NEXT_PATH_MAX_CHARS) return fallback;
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
