import type { ErasureDto, ErasureListDto, ErasureRequestBody } from '@jointly/shared';
import { request } from './apiClient.ts';

// Erasure of a testimonial's subject (issue 18 item 2): a lead asks, every member reads the record.

const segment = encodeURIComponent;

export function eraseTestimonialData(entryId: string, body: ErasureRequestBody): Promise<ErasureDto> {
  return request<ErasureDto>('POST', `/api/entries/${segment(entryId)}/erasures`, { body });
}

export function listErasures(entryId: string): Promise<ErasureListDto> {
  return request<ErasureListDto>('GET', `/api/entries/${segment(entryId)}/erasures`);
}
