import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { forwardRef, type KeyboardEvent, useImperativeHandle, useMemo, useRef, useState } from 'react';
import { SECTION_HEADING_LEVELS } from '../../editor/normalisePastedHtml.ts';

type ToolbarState = {
  heading: boolean;
  subheading: boolean;
  bold: boolean;
  italic: boolean;
  bulletList: boolean;
  orderedList: boolean;
  blockquote: boolean;
  link: boolean;
  canUndo: boolean;
  canRedo: boolean;
};

type ToolbarButton = {
  id: string;
  label: string;
  shortcut?: string;
  /** Toggle buttons expose aria-pressed. */
  pressed?: (state: ToolbarState) => boolean;
  disabled?: (state: ToolbarState) => boolean;
  run: (editor: Editor) => void;
  /** Starts a new visual group. */
  groupStart?: boolean;
};

const [HEADING, SUBHEADING] = SECTION_HEADING_LEVELS;

const BUTTONS: ToolbarButton[] = [
  {
    id: 'heading',
    label: 'Heading',
    shortcut: `Control+Alt+${HEADING} Meta+Alt+${HEADING}`,
    pressed: (s) => s.heading,
    run: (e) => e.chain().toggleHeading({ level: HEADING }).run(),
  },
  {
    id: 'subheading',
    label: 'Subheading',
    shortcut: `Control+Alt+${SUBHEADING} Meta+Alt+${SUBHEADING}`,
    pressed: (s) => s.subheading,
    run: (e) => e.chain().toggleHeading({ level: SUBHEADING }).run(),
  },
  {
    id: 'bold',
    label: 'Bold',
    shortcut: 'Control+B Meta+B',
    pressed: (s) => s.bold,
    run: (e) => e.chain().toggleBold().run(),
    groupStart: true,
  },
  {
    id: 'italic',
    label: 'Italic',
    shortcut: 'Control+I Meta+I',
    pressed: (s) => s.italic,
    run: (e) => e.chain().toggleItalic().run(),
  },
  {
    id: 'bulletList',
    label: 'Bulleted list',
    shortcut: 'Control+Shift+8 Meta+Shift+8',
    pressed: (s) => s.bulletList,
    run: (e) => e.chain().toggleBulletList().run(),
    groupStart: true,
  },
  {
    id: 'orderedList',
    label: 'Numbered list',
    shortcut: 'Control+Shift+7 Meta+Shift+7',
    pressed: (s) => s.orderedList,
    run: (e) => e.chain().toggleOrderedList().run(),
  },
  {
    id: 'blockquote',
    label: 'Quote',
    shortcut: 'Control+Shift+B Meta+Shift+B',
    pressed: (s) => s.blockquote,
    run: (e) => e.chain().toggleBlockquote().run(),
  },
  {
    id: 'link',
    label: 'Link',
    pressed: (s) => s.link,
    // Opens the link form: handled by the toolbar's owner.
    run: () => {},
    groupStart: true,
  },
  {
    id: 'cite',
    label: 'Cite evidence',
    // Opens the cite form: handled by the toolbar's owner.
    run: () => {},
  },
  {
    id: 'undo',
    label: 'Undo',
    shortcut: 'Control+Z Meta+Z',
    disabled: (s) => !s.canUndo,
    run: (e) => e.chain().undo().run(),
    groupStart: true,
  },
  {
    id: 'redo',
    label: 'Redo',
    shortcut: 'Control+Shift+Z Meta+Shift+Z',
    disabled: (s) => !s.canRedo,
    run: (e) => e.chain().redo().run(),
  },
  {
    id: 'comment',
    label: 'Comment',
    shortcut: 'Control+Alt+M Meta+Alt+M',
    // Opens the comment form for the selected words (issue 14 item 2): handled by the toolbar's owner.
    run: () => {},
    groupStart: true,
  },
];

/** Buttons split into their visual groups, each keeping its index in `buttons` for roving focus. */
function groupsOf(buttons: readonly ToolbarButton[]): { button: ToolbarButton; index: number }[][] {
  return buttons.reduce<{ button: ToolbarButton; index: number }[][]>((groups, button, index) => {
    const last = groups[groups.length - 1];
    if (button.groupStart || last === undefined) groups.push([{ button, index }]);
    else last.push({ button, index });
    return groups;
  }, []);
}

/** The buttons a text with no exhibits and no comments (the finalist outline) leaves out. */
export const PLAIN_TEXT_OMITS: readonly string[] = ['cite', 'comment'];

export type EditorToolbarHandle = { focus: () => void };

type EditorToolbarProps = {
  editor: Editor;
  /** The section title, to name the toolbar ("Formatting: <title>"). */
  sectionTitle: string;
  onLink: () => void;
  linkFormOpen: boolean;
  onCite: () => void;
  citeFormOpen: boolean;
  /** "Comment" on the selected words; absent, the button does nothing. */
  onComment?: () => void;
  /** Ids of buttons not shown (PLAIN_TEXT_OMITS: no citations or comments there). */
  omit?: readonly string[];
};

/**
 * The formatting toolbar of one section: an ARIA toolbar with one tab stop
 * and arrow-key movement between buttons; every button has a visible text
 * label, shows its pressed state and its keyboard shortcut. Escape returns to
 * the text; Alt+F10 in the text comes here (see SectionEditor).
 */
export const EditorToolbar = forwardRef<EditorToolbarHandle, EditorToolbarProps>(function EditorToolbar(
  { editor, sectionTitle, onLink, linkFormOpen, onCite, citeFormOpen, onComment, omit },
  ref,
) {
  const [activeIndex, setActiveIndex] = useState(0);
  const shown = useMemo(() => (omit ? BUTTONS.filter((b) => !omit.includes(b.id)) : BUTTONS), [omit]);
  const groups = useMemo(() => groupsOf(shown), [shown]);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  const state = useEditorState({
    editor,
    selector: ({ editor: e }): ToolbarState => ({
      heading: e.isActive('heading', { level: HEADING }),
      subheading: e.isActive('heading', { level: SUBHEADING }),
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      bulletList: e.isActive('bulletList'),
      orderedList: e.isActive('orderedList'),
      blockquote: e.isActive('blockquote'),
      link: e.isActive('link'),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });

  useImperativeHandle(ref, () => ({ focus: () => buttons.current[activeIndex]?.focus() }), [activeIndex]);

  const move = (index: number) => {
    const next = (index + shown.length) % shown.length;
    setActiveIndex(next);
    buttons.current[next]?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'ArrowRight') move(activeIndex + 1);
    else if (event.key === 'ArrowLeft') move(activeIndex - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(shown.length - 1);
    else if (event.key === 'Escape') editor.commands.focus();
    else return;
    event.preventDefault();
  };

  const renderButton = (button: ToolbarButton, index: number) => {
    const disabled = button.disabled?.(state) ?? false;
    const pressed = button.id === 'link' ? state.link || linkFormOpen : button.pressed?.(state);
    return (
      <button
        key={button.id}
        ref={(element) => {
          buttons.current[index] = element;
        }}
        type="button"
        className="jointly-toolbar__button"
        tabIndex={index === activeIndex ? 0 : -1}
        aria-pressed={pressed === undefined ? undefined : pressed}
        aria-expanded={button.id === 'cite' ? citeFormOpen : undefined}
        aria-disabled={disabled || undefined}
        aria-keyshortcuts={button.shortcut}
        // Keep the text selection when a button is clicked with the mouse.
        onMouseDown={(event) => event.preventDefault()}
        onFocus={() => setActiveIndex(index)}
        onClick={() => {
          if (disabled) return;
          if (button.id === 'link') {
            onLink();
            return;
          }
          if (button.id === 'cite') {
            onCite();
            return;
          }
          if (button.id === 'comment') {
            onComment?.();
            return;
          }
          // Back to the text first, synchronously (Tiptap's focus() waits a frame), so that
          // typing straight after choosing e.g. Bold goes into the text, in bold.
          editor.view.focus();
          button.run(editor);
        }}
      >
        {button.label}
      </button>
    );
  };

  return (
    <div className="jointly-toolbar" role="toolbar" aria-label={`Formatting: ${sectionTitle}`} onKeyDown={onKeyDown}>
      {groups.map((group) => (
        // Visual grouping only: the toolbar stays one tab stop with arrow keys across groups.
        <div className="jointly-toolbar__group" key={group[0]?.button.id}>
          {group.map(({ button, index }) => renderButton(button, index))}
        </div>
      ))}
    </div>
  );
});
