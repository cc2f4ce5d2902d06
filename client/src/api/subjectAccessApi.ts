import type { SubjectAccessExportDto } from '@jointly/shared';
import { request } from './apiClient.ts';

/** Everything Jointly holds about the signed-in person (issue 18 item 6); 429 `rate_limited` when asked too often. */
export function getMyData(): Promise<SubjectAccessExportDto> {
  return request<SubjectAccessExportDto>('GET', '/api/me/data-export');
}
