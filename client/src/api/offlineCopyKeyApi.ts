import type { OfflineCopyKeyDto } from '@jointly/shared';
import { request } from './apiClient.ts';

/** This session's key for sealing offline copies (issue 18 item 3); 401 once the session has ended. */
export function getOfflineCopyKey(): Promise<OfflineCopyKeyDto> {
  return request<OfflineCopyKeyDto>('GET', '/api/me/offline-copy-key');
}
