import { z } from 'zod';
import { idParam } from './apiSchemas.ts';
import type { ActorDto } from './apiTypes.ts';
import type { ItemCollection } from './documentLayout.ts';

/**
 * An organisation's library of approved testimonials and evidence (issue 17
 * item 3): items its members put there from approved sections (or submitted
 * entries) and add to any entry of theirs, with where each has been used.
 */

/** `POST /api/entries/:id/library-items`: add this library item to the entry. */
export const useLibraryItemBody = z.strictObject({ libraryItemId: idParam });
export type UseLibraryItemBody = z.input<typeof useLibraryItemBody>;

export type LibraryItemUseDto = {
  /** The entry it was added to; null for an entry you are not a member of. */
  entry: { id: string; title: string } | null;
  itemId: string;
  usedBy: ActorDto;
  usedAt: string;
};

export type LibraryItemDto = {
  id: string;
  collection: ItemCollection;
  /** A testimonial's quote or an evidence item's title, for lists. */
  summary: string;
  /** The item's fields as kept (sections are not kept: each entry links its own). */
  fields: Record<string, unknown>;
  source: { entryId: string; entryTitle: string; itemId: string };
  firstContributedBy: ActorDto | null;
  addedBy: ActorDto;
  addedAt: string;
  uses: LibraryItemUseDto[];
};
