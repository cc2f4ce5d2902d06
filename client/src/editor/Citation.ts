import {
  CITATION_HTML_ATTRIBUTE,
  CITATION_ITEM_ID_ATTRIBUTE,
  CITATION_NODE,
  CITATION_PLAIN_TEXT,
  isItemId,
} from '@jointly/shared';
import { mergeAttributes, Node } from '@tiptap/core';
import { ExhibitDirectory, exhibitText } from './ExhibitDirectory.ts';

export type CitationOptions = {
  /** Where citations look up the current label of the item they cite. */
  exhibits: ExhibitDirectory;
};

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    citation: {
      /** Inserts a citation of an item ("see E3") at the selection. */
      insertCitation: (itemId: string) => ReturnType;
    };
  }
}

/** The text a citation shows, and whether it is flagged. */
export function citationText(exhibits: ExhibitDirectory, itemId: unknown): { text: string; missing: boolean } {
  const state = isItemId(itemId) ? exhibits.get(itemId) : ({ status: 'missing' } as const);
  return { text: `see ${exhibitText(state)}`, missing: state.status === 'missing' };
}

/**
 * A citation of a testimonial or evidence item in section text: an inline
 * atom with one attribute, the item id, rendered as "see E3" with the item's
 * current label. A citation of an item that does not exist is shown flagged.
 * Pasted HTML becomes a citation only through `data-item-id` holding a valid
 * item id; nothing else of the pasted element is kept.
 */
export const Citation = Node.create<CitationOptions>({
  name: CITATION_NODE,
  group: 'inline',
  inline: true,
  atom: true,
  selectable: true,
  draggable: false,

  addOptions() {
    return { exhibits: new ExhibitDirectory() };
  },

  addAttributes() {
    return {
      [CITATION_ITEM_ID_ATTRIBUTE]: {
        default: null,
        parseHTML: (element: HTMLElement) => {
          const id = element.getAttribute(CITATION_HTML_ATTRIBUTE);
          return isItemId(id) ? id : null;
        },
        renderHTML: (attributes: Record<string, unknown>) => {
          const id = attributes[CITATION_ITEM_ID_ATTRIBUTE];
          return isItemId(id) ? { [CITATION_HTML_ATTRIBUTE]: id } : {};
        },
      },
    };
  },

  parseHTML() {
    return [
      {
        tag: `span[${CITATION_HTML_ATTRIBUTE}]`,
        // Only a valid id makes a citation; anything else stays ordinary text.
        getAttrs: (element: HTMLElement) => (isItemId(element.getAttribute(CITATION_HTML_ATTRIBUTE)) ? null : false),
      },
    ];
  },

  renderHTML({ node, HTMLAttributes }) {
    const { text } = citationText(this.options.exhibits, node.attrs[CITATION_ITEM_ID_ATTRIBUTE]);
    return ['span', mergeAttributes({ class: 'jointly-citation' }, HTMLAttributes), text];
  },

  renderText({ node }) {
    return node.attrs[CITATION_ITEM_ID_ATTRIBUTE]
      ? citationText(this.options.exhibits, node.attrs[CITATION_ITEM_ID_ATTRIBUTE]).text
      : CITATION_PLAIN_TEXT;
  },

  addCommands() {
    return {
      insertCitation:
        (itemId: string) =>
        ({ commands }) =>
          isItemId(itemId)
            ? commands.insertContent({ type: this.name, attrs: { [CITATION_ITEM_ID_ATTRIBUTE]: itemId } })
            : false,
    };
  },

  addNodeView() {
    const exhibits = this.options.exhibits;
    return ({ node: initialNode }) => {
      let node = initialNode;
      const dom = document.createElement('span');
      dom.contentEditable = 'false';
      const render = () => {
        const itemId = node.attrs[CITATION_ITEM_ID_ATTRIBUTE] as unknown;
        const { text, missing } = citationText(exhibits, itemId);
        dom.className = missing ? 'jointly-citation jointly-citation--missing' : 'jointly-citation';
        if (isItemId(itemId)) dom.setAttribute(CITATION_HTML_ATTRIBUTE, itemId);
        else dom.removeAttribute(CITATION_HTML_ATTRIBUTE);
        dom.replaceChildren();
        if (missing) {
          const warning = document.createElement('span');
          warning.className = 'nhsuk-u-visually-hidden';
          warning.textContent = 'Warning: this cites an exhibit that does not exist, ';
          dom.append(warning);
          dom.title = 'This exhibit was removed or does not exist';
        } else {
          dom.removeAttribute('title');
        }
        dom.append(text);
      };
      render();
      const unsubscribe = exhibits.subscribe(render);
      return {
        dom,
        update: (updated) => {
          if (updated.type !== node.type) return false;
          node = updated;
          render();
          return true;
        },
        destroy: unsubscribe,
        ignoreMutation: () => true,
      };
    };
  },
});
