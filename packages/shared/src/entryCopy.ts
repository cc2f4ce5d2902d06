import { z } from 'zod';
import { createEntryBody } from './apiSchemas.ts';
import type { ActorDto } from './apiTypes.ts';
import { ITEM_ID_PATTERN } from './documentItems.ts';

/**
 * Copying an entry into another category or next year's programme (issue 17
 * item 3): `POST /api/entries/:id/copy`. The lead maps each section of the
 * target category to a section of the source (or to nothing: left empty) and
 * chooses which testimonials and evidence to carry (all by default).
 */

/** Most sections a template has, with room to spare: bounds the map's cost. */
export const COPY_SECTION_MAP_MAX = 50;
/** Most items one copy carries (an entry rarely has more than a few dozen). */
export const COPY_ITEMS_MAX = 500;

const sectionId = z.string().min(1).max(200);

export const copyEntryBody = z.strictObject({
  title: createEntryBody.shape.title,
  categoryId: createEntryBody.shape.categoryId,
  /** Target section id → source section id, or null to leave it empty; a target section not named is left empty. */
  sectionMap: z
    .record(sectionId, sectionId.nullable())
    .refine((map) => Object.keys(map).length <= COPY_SECTION_MAP_MAX, `At most ${COPY_SECTION_MAP_MAX} sections`),
  /** The items (testimonials and evidence ids of the source) to carry; absent: every item. */
  items: z.array(z.string().regex(ITEM_ID_PATTERN)).max(COPY_ITEMS_MAX).optional(),
});
export type CopyEntryBody = z.input<typeof copyEntryBody>;

/** Where an item came from: the person and organisation that first contributed it, in which entry. */
export type ItemOriginDto = {
  /** Who first created the item, as that entry's provenance recorded it (null: not known, e.g. a former member's record gone). */
  firstContributedBy: ActorDto | null;
  /** The entry it was first contributed in (its title as it was when copied; the entry may since be gone or not yours). */
  entry: { id: string; title: string };
  /** How it arrived in this entry: copied with an entry (`copy`), or added from the organisation's library (`library`). */
  via: 'copy' | 'library';
  /** Who copied or added it, and when (ISO). */
  copiedBy: ActorDto;
  copiedAt: string;
};

/** The words the items panel and the export show for an origin. */
export function describeOrigin(origin: ItemOriginDto): string {
  const who = origin.firstContributedBy
    ? `${origin.firstContributedBy.name} (${origin.firstContributedBy.organisation.name})`
    : 'an unknown contributor';
  return `First contributed by ${who} in entry “${origin.entry.title}”`;
}

/**
 * The dialog's starting map: each target section takes the source section of
 * the same title (ignoring case, spacing and punctuation), else the source
 * section at the same position when neither has a title match, else nothing.
 * Every source section is offered at most once.
 */
export function defaultSectionMap(
  source: readonly { id: string; title: string }[],
  target: readonly { id: string; title: string }[],
): Record<string, string | null> {
  const norm = (title: string) =>
    title
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  const used = new Set<string>();
  const map: Record<string, string | null> = {};
  for (const section of target) {
    const match = source.find((s) => !used.has(s.id) && norm(s.title) === norm(section.title));
    map[section.id] = match?.id ?? null;
    if (match) used.add(match.id);
  }
  return map;
}
