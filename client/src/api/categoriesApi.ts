import type { CategoryListItem, CategoryTemplate, CustomCategoryDto } from '@jointly/templates';
import { request } from './apiClient.ts';

/** Award categories (issue 17 item 1): the shipped ones and the custom ones you may use. */
export function listAllCategories(): Promise<CategoryListItem[]> {
  return request<CategoryListItem[]>('GET', '/api/categories');
}

/** Makes a custom category from a template (from the form, or a file's JSON as read). */
export function createCustomCategory(template: unknown, sharedWithPartners: boolean): Promise<CustomCategoryDto> {
  return request<CustomCategoryDto>('POST', '/api/categories', { body: { template, sharedWithPartners } });
}

/** Stores a new version of a custom category; `categoryId` must be its newest. */
export function updateCustomCategory(categoryId: string, template: unknown): Promise<CustomCategoryDto> {
  return request<CustomCategoryDto>('PUT', `/api/categories/${encodeURIComponent(categoryId)}`, {
    body: { template },
  });
}

export function setCategorySharing(categoryId: string, sharedWithPartners: boolean): Promise<CustomCategoryDto> {
  return request<CustomCategoryDto>('PUT', `/api/categories/${encodeURIComponent(categoryId)}/sharing`, {
    body: { sharedWithPartners },
  });
}

/** The address of a category's file, for a download link. */
export function categoryExportUrl(categoryId: string): string {
  return `/api/categories/${encodeURIComponent(categoryId)}/export.json`;
}

/** The category an entry was made on, whoever made it. */
export function getEntryCategory(entryId: string): Promise<CategoryTemplate> {
  return request<CategoryTemplate>('GET', `/api/entries/${encodeURIComponent(entryId)}/category`);
}
