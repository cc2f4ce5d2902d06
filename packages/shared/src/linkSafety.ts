/**
 * The link allow-list: http, https and mailto only. Section text is read by
 * other organisations and exported for judges, so a link must never run
 * script (javascript:, vbscript:) or carry inline content (data:), however
 * the scheme is disguised (mixed case, whitespace, control characters).
 */
const ALLOWED_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);

/**
 * Characters a browser ignores when it reads a URL's scheme (WHATWG URL:
 * leading/trailing C0 controls and spaces are trimmed, tabs and newlines
 * removed anywhere), plus the Unicode spaces that DOMPurify also strips.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const IGNORED_CHARACTERS = /[\u0000-\u0020\u007f-\u009f\u00a0\u1680\u180e\u2000-\u2029\u205f\u3000\ufeff]/g;

/**
 * The WHATWG URL parser, present in browsers and Node alike; this package's lib
 * (ES2023, no DOM) does not declare it.
 */
type ParsedUrl = { protocol: string; hostname: string; pathname: string };
const WhatwgUrl = (globalThis as unknown as { URL: new (input: string) => ParsedUrl }).URL;

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/** Whether `value` may be a link's href: an absolute http(s) URL with a host, or a mailto: address. */
export function isSafeLinkUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const compact = value.replace(IGNORED_CHARACTERS, '');
  // Relative and scheme-less URLs are refused too: a link in an award entry must say where it goes.
  const scheme = SCHEME.exec(compact)?.[1]?.toLowerCase();
  if (scheme === undefined || !ALLOWED_PROTOCOLS.has(`${scheme}:`)) return false;
  // Parse as the browser will and check the scheme it sees is the one we allowed.
  let url: ParsedUrl;
  try {
    url = new WhatwgUrl(value.trim());
  } catch {
    return false;
  }
  if (url.protocol !== `${scheme}:`) return false;
  return url.protocol === 'mailto:' ? url.pathname.length > 0 : url.hostname.length > 0;
}

const EMAIL = /^[^\s@/:]+@[^\s@/:]+\.[^\s@/:]+$/;
const BARE_DOMAIN = /^(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?(?:[/?#]\S*)?$/i;

/**
 * What a person typed into the link box, made into a URL: an email address
 * becomes mailto:, a bare domain ("www.nhs.uk/about") becomes https://. The
 * result still has to pass isSafeLinkUrl.
 */
export function normaliseLinkInput(input: string): string {
  const trimmed = input.trim();
  if (SCHEME.test(trimmed) && !BARE_DOMAIN.test(trimmed)) return trimmed;
  if (EMAIL.test(trimmed)) return `mailto:${trimmed}`;
  if (BARE_DOMAIN.test(trimmed)) return `https://${trimmed}`;
  return trimmed;
}
