import {
  BLOCK_NODES,
  INLINE_NODES,
  mayHoldElement,
  mayHoldText,
  SECTION_MARK_RULES,
  SECTION_NODE_RULES,
} from '@jointly/shared';
import { getSchema } from '@tiptap/core';
import type { NodeType, Schema } from '@tiptap/pm/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newSuggestionId } from './SuggestChanges.ts';
import { sectionEditorExtensions } from './sectionEditorExtensions.ts';

/**
 * The contract between the editor and the server's document schema
 * (packages/shared documentSchema.ts, C-SCHEMA-*): the server refuses what the
 * editor cannot hold, and the editor must make nothing the server refuses, or
 * one side would drop what the other keeps (issue 10, finding 7: ProseMirror
 * deletes what does not fit its schema and the binding writes that back).
 * Built from the real editor extensions, so neither can change alone.
 */
const USER = { id: 'u1', name: 'Ada', organisationId: 'o1', organisationName: 'Trust', color: '#005eb8' };
const schema: Schema = getSchema(
  sectionEditorExtensions({
    fragment: new Y.Doc().getXmlFragment('section:a'),
    provider: null,
    user: USER,
    placeholder: '',
    charLimit: 100,
  }),
);

/** Element node types: y-prosemirror makes a Y.XmlElement of each; `doc` is the fragment, `text` a Y.XmlText. */
const elementTypes = Object.values(schema.nodes).filter((type) => type.name !== 'doc' && type.name !== 'text');

/** Every node type that may appear anywhere among a node's children (its content expression's edges). */
function childTypes(type: NodeType): Set<string> {
  const found = new Set<string>();
  const seen = new Set<unknown>();
  const pending = [type.contentMatch];
  while (pending.length > 0) {
    const match = pending.pop()!;
    if (seen.has(match)) continue;
    seen.add(match);
    for (let i = 0; i < match.edgeCount; i++) {
      const edge = match.edge(i);
      found.add(edge.type.name);
      pending.push(edge.next);
    }
  }
  return found;
}

describe('the editor schema and the server document schema cannot drift (C-SCHEMA-1, issue 10 finding 7)', () => {
  it('every element node of the editor has a rule, and every rule is an editor node', () => {
    expect(elementTypes.map((type) => type.name).sort()).toEqual(Object.keys(SECTION_NODE_RULES).sort());
  });

  it('each node’s attributes are exactly those the rule checks, and the editor’s defaults pass', () => {
    for (const type of elementTypes) {
      const rule = SECTION_NODE_RULES[type.name]!;
      const attrs = type.spec.attrs ?? {};
      expect(Object.keys(attrs).sort(), type.name).toEqual(Object.keys(rule.attrs).sort());
      // y-prosemirror stores the attributes that are not null.
      for (const [name, spec] of Object.entries(attrs)) {
        const value = (spec as { default?: unknown }).default;
        if (value !== null && value !== undefined) expect(rule.attrs[name]!(value), `${type.name}.${name}`).toBe(true);
      }
    }
  });

  it('block and inline groups are BLOCK_NODES and INLINE_NODES, and vice versa', () => {
    const inGroup = (group: string) =>
      elementTypes
        .filter((type) => (type.spec.group ?? '').split(' ').includes(group))
        .map((type) => type.name)
        .sort();
    expect(inGroup('block')).toEqual([...BLOCK_NODES].sort());
    expect(inGroup('inline')).toEqual([...INLINE_NODES].sort());
  });

  it('what each node (and the section itself) may hold is what the server lets it hold', () => {
    const parents: [string | null, NodeType][] = [
      [null, schema.topNodeType],
      ...elementTypes.map((type): [string, NodeType] => [type.name, type]),
    ];
    for (const [parentName, parentType] of parents) {
      const allowed = childTypes(parentType);
      for (const child of elementTypes) {
        expect(mayHoldElement(parentName, child.name), `${parentName ?? 'section'} > ${child.name}`).toBe(
          allowed.has(child.name),
        );
      }
      expect(mayHoldText(parentName), `${parentName ?? 'section'} > text`).toBe(allowed.has('text'));
    }
  });

  it('every mark of the editor has a rule that accepts it as y-prosemirror stores it, and every rule is a mark', () => {
    expect(Object.keys(schema.marks).sort()).toEqual(Object.keys(SECTION_MARK_RULES).sort());
    for (const type of Object.values(schema.marks)) {
      const rule = SECTION_MARK_RULES[type.name]!;
      // y-prosemirror stores a mark as a formatting attribute valued with all of the mark's attributes.
      const given: Record<string, Record<string, unknown>> = {
        link: { href: 'https://www.nhs.uk/' },
        // Suggestion marks are always made with an id (SuggestChanges.ts newSuggestionId).
        insertion: { id: newSuggestionId() },
        deletion: { id: newSuggestionId() },
      };
      const attrs = type.create(given[type.name] ?? {}).attrs;
      expect(rule(attrs), type.name).toBe(true);
      expect(rule(null), `${type.name} ends`).toBe(true);
    }
    // A link whose href the editor would refuse is refused by the server too.
    expect(
      SECTION_MARK_RULES.link!({ ...schema.marks.link!.create({ href: 'x' }).attrs, href: 'javascript:alert(1)' }),
    ).toBe(false);
  });

  it('the link mark has exactly the attributes the server checks', () => {
    const attrs = Object.keys(schema.marks.link!.spec.attrs ?? {});
    for (const name of attrs) {
      expect(
        SECTION_MARK_RULES.link!({ href: 'https://www.nhs.uk/', [name]: name === 'href' ? 'https://a.b/' : null }),
        name,
      ).toBe(true);
    }
    expect(SECTION_MARK_RULES.link!({ href: 'https://www.nhs.uk/', onclick: null })).toBe(false);
  });
});
