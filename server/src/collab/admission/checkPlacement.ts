import {
  FINALIST_OUTLINE,
  ITEM_FIELD_RULES,
  ITEM_ID_PATTERN,
  isItemCollection,
  mayHoldElement,
  mayHoldText,
  SECTION_MARK_RULES,
  SECTION_NODE_RULES,
  SHORT_FIELDS_MAP,
  sectionIdOf,
} from '@jointly/shared';
import type * as Y from 'yjs';
import { shortFieldCharLimit } from './EntryLayout.ts';
import type { ContentSummary, SharedTypeKind } from './updateSummary.ts';

/** Where a struct would be placed: in a top-level type, in a nested shared type, or nowhere (yjs drops it). */
export type Place =
  | { kind: 'root'; name: string }
  | {
      kind: 'type';
      t: SharedTypeKind;
      /** An XmlElement's node name. */
      node: string | null;
      /** The top-level type it is inside. */
      root: string;
      /** Directly inside the top-level type (an item map is). */
      underRoot: boolean;
      /** The key, in a top-level map, of the value it is inside (a short field's id; null in a section). */
      rootKey: string | null;
      /** The document's type, when it exists already (null: this update creates it). */
      docType: Y.AbstractType<unknown> | null;
      /** Identifies the type: the id of the item that created it. */
      key: string;
    }
  /** Its parent was deleted and collected: yjs turns the struct into a GC. */
  | { kind: 'gone' }
  /** Its parent id is content that is not a shared type. */
  | { kind: 'notAType' };

/**
 * C-SCHEMA-2: whether content may be placed there (documentSchema.ts in
 * @jointly/shared says what each place may hold). Returns null when it may,
 * else why not. Deleted content may go wherever its parent is allowed: it
 * shows nothing, and an offline editor's history carries plenty of it.
 */
export function checkPlacement(
  place: Place,
  parentSub: string | null,
  content: ContentSummary,
  sections: ReadonlyMap<string, number | null> | null,
  sectionIdPattern: RegExp,
): string | null {
  switch (place.kind) {
    case 'gone':
      return null;
    case 'notAType':
      return 'a struct hangs from content that is not a shared type';
    case 'root':
      return checkTopLevel(place.name, parentSub, content, sections, sectionIdPattern);
    case 'type': {
      if (checkRootName(place.root, sections, sectionIdPattern) !== null)
        return `inside unknown top-level type ${place.root}`;
      if (content.k === 'deleted') return null;
      if (place.root === SHORT_FIELDS_MAP) return checkShortFieldText(place, parentSub, content);
      return checkNested(place, parentSub, content);
    }
    default: {
      const never: never = place;
      return never;
    }
  }
}

function checkRootName(
  name: string,
  sections: ReadonlyMap<string, number | null> | null,
  sectionIdPattern: RegExp,
): string | null {
  // The finalist outline holds what a section holds (checkTopLevel and checkNested treat it as one).
  if (isItemCollection(name) || name === SHORT_FIELDS_MAP || name === FINALIST_OUTLINE) return null;
  const sectionId = sectionIdOf(name);
  if (sectionId !== null && (sections ? sections.has(sectionId) : sectionIdPattern.test(sectionId))) return null;
  return `unknown top-level type ${JSON.stringify(name.slice(0, 80))}`;
}

function checkTopLevel(
  name: string,
  parentSub: string | null,
  content: ContentSummary,
  sections: ReadonlyMap<string, number | null> | null,
  sectionIdPattern: RegExp,
): string | null {
  const nameProblem = checkRootName(name, sections, sectionIdPattern);
  if (nameProblem !== null) return nameProblem;
  if (isItemCollection(name)) {
    if (parentSub === null || !ITEM_ID_PATTERN.test(parentSub)) return `${name} holds items under item ids only`;
    if (content.k === 'deleted' || (content.k === 'type' && content.t === 'map')) return null;
    return `${name} holds item maps only, not ${describe(content)}`;
  }
  if (name === SHORT_FIELDS_MAP) {
    if (shortFieldCharLimit(sections, parentSub) === null)
      return `the category has no short field ${JSON.stringify((parentSub ?? '').slice(0, 40))}`;
    if (content.k === 'deleted' || (content.k === 'type' && content.t === 'text')) return null;
    return `a short field is a text, not ${describe(content)}`;
  }
  if (parentSub !== null) return 'a section holds no keyed values';
  if (content.k === 'deleted') return null;
  if (
    content.k === 'type' &&
    content.t === 'xmlElement' &&
    content.node !== null &&
    mayHoldElement(null, content.node)
  ) {
    return null;
  }
  return `a section holds block elements only, not ${describe(content)}`;
}

function checkNested(
  place: Extract<Place, { kind: 'type' }>,
  parentSub: string | null,
  content: Exclude<ContentSummary, { k: 'deleted' }>,
): string | null {
  switch (place.t) {
    case 'xmlElement': {
      const node = place.node ?? '';
      if (parentSub !== null) {
        const rule = SECTION_NODE_RULES[node]?.attrs[parentSub];
        if (rule === undefined) return `${node} has no attribute ${JSON.stringify(parentSub.slice(0, 40))}`;
        if (content.k === 'any' && content.values.length === 1 && rule(content.values[0])) return null;
        return `invalid value for ${node}.${parentSub}`;
      }
      if (content.k === 'type' && content.t === 'xmlElement' && content.node !== null) {
        return mayHoldElement(node, content.node)
          ? null
          : `${node} may not hold ${JSON.stringify(content.node.slice(0, 40))}`;
      }
      if (content.k === 'type' && content.t === 'xmlText')
        return mayHoldText(node) ? null : `${node} may not hold text`;
      return `${node} may not hold ${describe(content)}`;
    }
    case 'xmlText': {
      if (parentSub !== null) return 'text carries no attributes';
      if (content.k === 'string') return null;
      if (content.k === 'format') {
        const rule = SECTION_MARK_RULES[content.key];
        if (rule === undefined) return `unknown mark ${JSON.stringify(content.key.slice(0, 40))}`;
        return rule(content.value) ? null : `invalid ${content.key} mark`;
      }
      return `text may not hold ${describe(content)}`;
    }
    case 'map': {
      if (!place.underRoot || !isItemCollection(place.root)) return 'a map outside testimonials and evidence';
      const rule = parentSub === null ? undefined : ITEM_FIELD_RULES[place.root][parentSub];
      if (rule === undefined) return `an item has no field ${JSON.stringify((parentSub ?? '').slice(0, 40))}`;
      if (content.k === 'any' && content.values.length === 1 && rule(content.values[0])) return null;
      return `invalid value for the item field ${parentSub}`;
    }
    default:
      return `nothing may be written inside a ${place.t}`;
  }
}

/** A short field (issue 17 item 1) is plain text directly in its Y.Text: no formatting, embeds or keys. */
function checkShortFieldText(
  place: Extract<Place, { kind: 'type' }>,
  parentSub: string | null,
  content: Exclude<ContentSummary, { k: 'deleted' }>,
): string | null {
  if (place.t !== 'text' || !place.underRoot) return 'nothing may be written inside a short field but its text';
  if (parentSub !== null) return 'a short field carries no attributes';
  return content.k === 'string' ? null : `a short field holds plain text only, not ${describe(content)}`;
}

function describe(content: ContentSummary): string {
  if (content.k === 'type')
    return content.node ? `a ${content.t} ${JSON.stringify(content.node.slice(0, 40))}` : `a ${content.t}`;
  return `${content.k} content`;
}
