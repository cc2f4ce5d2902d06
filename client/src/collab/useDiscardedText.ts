import { readShortFields, type ShortFieldRule, sectionFragmentIn, sectionPlainText } from '@jointly/shared';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import type { EntryCollabSession } from './EntryCollabSession.ts';

/** A part of the entry a person writes in, read as plain text from a document. */
type TextPart = { key: string; label: string; read(doc: Y.Doc): string };

/** A part as this browser's discarded copy held it, where that differs from what the server has. */
export type DiscardedPartText = { key: string; label: string; text: string };

/** The parts whose words can be lost with a copy: every section, then every short field. */
export function textPartsOf(
  sections: readonly { id: string; title: string }[],
  shortFields: readonly ShortFieldRule[],
): TextPart[] {
  return [
    ...sections.map((section) => ({
      key: `section-${section.id}`,
      label: section.title,
      read: (doc: Y.Doc) => {
        const fragment = sectionFragmentIn(doc, section.id);
        return fragment ? sectionPlainText(fragment).trimEnd() : '';
      },
    })),
    ...shortFields.map((field) => ({
      key: `field-${field.id}`,
      label: field.label,
      read: (doc: Y.Doc) => readShortFields(doc, [field])[0]?.value ?? '',
    })),
  ];
}

/**
 * What a discarded copy said, so no words go without the person seeing them: the sections' and
 * short fields' text is read from the old document before it goes (`capture`), and once the fresh
 * session has loaded the server's document, the parts that read differently there are kept to be
 * shown and copied (an entry reopened by a lead can take them again).
 */
export function useDiscardedText(
  session: EntryCollabSession | null,
  documentLoaded: boolean,
  sections: readonly { id: string; title: string }[],
  shortFields: readonly ShortFieldRule[],
): { capture(doc: Y.Doc): void; parts: DiscardedPartText[] } {
  const textParts = useMemo(() => textPartsOf(sections, shortFields), [sections, shortFields]);
  const [captured, setCaptured] = useState<{ from: Y.Doc; texts: DiscardedPartText[] } | null>(null);
  const [parts, setParts] = useState<DiscardedPartText[]>([]);
  const capture = useCallback(
    (doc: Y.Doc) =>
      setCaptured({
        from: doc,
        texts: textParts.map((part) => ({ key: part.key, label: part.label, text: part.read(doc) })),
      }),
    [textParts],
  );

  useEffect(() => {
    if (!captured || !session || session.doc === captured.from || !documentLoaded) return;
    const now = new Map(textParts.map((part) => [part.key, part.read(session.doc)]));
    setParts(captured.texts.filter(({ key, text }) => text !== '' && text !== now.get(key)));
    setCaptured(null);
  }, [captured, session, documentLoaded, textParts]);

  return { capture, parts };
}
