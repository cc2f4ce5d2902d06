/**
 * Cleans HTML pasted from Word or a web page before ProseMirror parses it. The
 * editor schema already drops what it has no node for (images, tables' structure,
 * fonts, colours); this fixes what the schema alone would get wrong:
 *
 * - Word (desktop) pastes lists as paragraphs styled `mso-list` with a typed
 *   marker ("·", "1.") in front: they become real <ul>/<ol>, nested by level.
 * - Headings of any level map onto the two section heading levels (h3, h4),
 *   so a pasted "Heading 1" stays a heading instead of becoming a paragraph.
 * - Style sheets, scripts, Office XML and comments are removed.
 */

/** The heading levels section text uses (the page's h1 and h2 are the entry and section titles). */
export const SECTION_HEADING_LEVELS = [3, 4] as const;

const REMOVED_ELEMENTS = new Set([
  'style',
  'script',
  'meta',
  'link',
  'title',
  'xml',
  'template',
  'iframe',
  'object',
  'embed',
  'o:p',
]);
const WORD_LIST_LEVEL = /mso-list:\s*l\d+\s+level(\d+)/i;
const ORDERED_MARKER = /^\(?(?:\d+|[a-z]|[ivxlcdm]+)[.)]/i;

type ListItem = { paragraph: HTMLElement; level: number; ordered: boolean };

function removeComments(root: Node): void {
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, 128 /* NodeFilter.SHOW_COMMENT */);
  const comments: Node[] = [];
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) comments.push(node);
  for (const comment of comments) comment.parentNode?.removeChild(comment);
}

/**
 * Takes the typed list marker out of a Word list paragraph and returns its
 * text. Word wraps it in `<![if !supportLists]>…<![endif]>` (parsed as
 * comments) and/or a span styled `mso-list:Ignore`.
 */
function takeWordListMarker(paragraph: HTMLElement): string {
  let marker = '';
  const children = [...paragraph.childNodes];
  let inMarker = false;
  for (const child of children) {
    if (child.nodeType === 8 /* comment */) {
      const data = (child as Comment).data.trim().toLowerCase();
      if (data.startsWith('[if !supportlists]')) inMarker = true;
      else if (data.startsWith('[endif]') && inMarker) inMarker = false;
      continue;
    }
    if (inMarker) {
      marker += child.textContent ?? '';
      paragraph.removeChild(child);
    }
  }
  for (const ignored of paragraph.querySelectorAll<HTMLElement>('[style*="mso-list"]')) {
    if (/mso-list:\s*ignore/i.test(ignored.getAttribute('style') ?? '')) {
      marker += ignored.textContent ?? '';
      ignored.remove();
    }
  }
  return marker.replace(/\u00a0/g, ' ').trim();
}

function wordListItem(element: Element): ListItem | null {
  if (element.tagName !== 'P') return null;
  const style = element.getAttribute('style') ?? '';
  const levelMatch = WORD_LIST_LEVEL.exec(style);
  const isListClass = /^MsoListParagraph/i.test(element.getAttribute('class') ?? '');
  if (!levelMatch && !isListClass) return null;
  const paragraph = element as HTMLElement;
  const marker = takeWordListMarker(paragraph);
  return {
    paragraph,
    level: levelMatch ? Number(levelMatch[1]) : 1,
    ordered: ORDERED_MARKER.test(marker),
  };
}

/** Replaces a run of Word list paragraphs with nested lists. */
function buildLists(doc: Document, run: ListItem[]): void {
  const first = run[0];
  if (!first) return;
  const stack: { list: HTMLElement; level: number; ordered: boolean }[] = [];
  let root: HTMLElement | null = null;
  for (const item of run) {
    while (stack.length > 0 && (stack[stack.length - 1]?.level ?? 0) > item.level) stack.pop();
    let top = stack[stack.length - 1];
    if (top && top.level === item.level && top.ordered !== item.ordered) {
      stack.pop();
      top = stack[stack.length - 1];
    }
    if (!top || top.level < item.level) {
      const list = doc.createElement(item.ordered ? 'ol' : 'ul');
      if (top) {
        let parentItem = top.list.lastElementChild;
        if (!parentItem) {
          parentItem = doc.createElement('li');
          top.list.appendChild(parentItem);
        }
        parentItem.appendChild(list);
      } else if (root === null) {
        root = list;
        first.paragraph.before(list);
      } else {
        // A new top-level list (e.g. bullets after numbers) follows the previous one.
        root.after(list);
        root = list;
      }
      top = { list, level: item.level, ordered: item.ordered };
      stack.push(top);
    }
    const li = doc.createElement('li');
    const p = doc.createElement('p');
    while (item.paragraph.firstChild) p.appendChild(item.paragraph.firstChild);
    li.appendChild(p);
    top.list.appendChild(li);
    item.paragraph.remove();
  }
}

function convertWordLists(doc: Document): void {
  const candidates = [...doc.body.querySelectorAll('p')];
  let run: ListItem[] = [];
  let previous: Element | null = null;
  const flush = () => {
    buildLists(doc, run);
    run = [];
  };
  for (const paragraph of candidates) {
    const adjacent = previous !== null && nextElement(previous) === paragraph;
    const item = wordListItem(paragraph);
    if (item === null) {
      flush();
      previous = null;
      continue;
    }
    if (!adjacent) flush();
    run.push(item);
    previous = paragraph;
  }
  flush();
}

/** The next element sibling, skipping whitespace-only text. */
function nextElement(element: Element): Element | null {
  let node = element.nextSibling;
  while (node !== null) {
    if (node.nodeType === 1) return node as Element;
    if (node.nodeType === 3 && (node.textContent ?? '').trim() !== '') return null;
    node = node.nextSibling;
  }
  return null;
}

function mapHeadingLevels(doc: Document): void {
  const [upper, lower] = SECTION_HEADING_LEVELS;
  for (const heading of [...doc.body.querySelectorAll('h1, h2, h3, h4, h5, h6')]) {
    const level = Number(heading.tagName.slice(1));
    const target = level <= upper ? upper : lower;
    if (level === target) continue;
    const replacement = doc.createElement(`h${target}`);
    while (heading.firstChild) replacement.appendChild(heading.firstChild);
    heading.replaceWith(replacement);
  }
}

/** Removes non-content elements; unwraps Office's other namespaced tags (v:shape, w:sdt…) keeping their text. */
function removeClutter(doc: Document): void {
  for (const element of [...doc.querySelectorAll('*')]) {
    const name = element.tagName.toLowerCase();
    if (REMOVED_ELEMENTS.has(name)) element.remove();
    else if (name.includes(':')) element.replaceWith(...element.childNodes);
  }
}

export function normalisePastedHtml(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  removeClutter(doc);
  convertWordLists(doc);
  removeComments(doc.body);
  mapHeadingLevels(doc);
  return doc.body.innerHTML;
}
