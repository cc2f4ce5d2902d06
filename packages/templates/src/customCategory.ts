import { z } from 'zod';
import type { CategoryTemplate } from './categorySchema.ts';

/**
 * A custom category as `GET /api/categories` lists it (issue 17 item 1): the
 * template, in the shipped files' format, marked custom and with its owner.
 * Shipped templates are listed as before, without these fields.
 */
export type CustomCategoryDto = CategoryTemplate & {
  custom: true;
  ownerOrganisationId: string;
  ownerOrganisationName: string;
  /** 1 for the first; each change stores a new version with a new id (entries keep theirs). */
  version: number;
  /** Organisations sharing an entry with the owner may see and use it. */
  sharedWithPartners: boolean;
  /** The caller may change and share it (a confirmed member of the owner). */
  mayEdit: boolean;
};

export type CategoryListItem = CategoryTemplate | CustomCategoryDto;

export function isCustomCategoryDto(category: CategoryListItem): category is CustomCategoryDto {
  return 'custom' in category && category.custom === true;
}

/**
 * `POST /api/categories` and `PUT /api/categories/:id`: the template as in a
 * category file (its `id` is ignored: the server gives one), checked by
 * `checkCustomCategory` so each problem comes back with its path.
 */
export const customCategoryBody = z.strictObject({
  template: z.unknown(),
  sharedWithPartners: z.boolean().optional(),
});
export type CustomCategoryBody = z.infer<typeof customCategoryBody>;

export const categorySharingBody = z.strictObject({ sharedWithPartners: z.boolean() });
