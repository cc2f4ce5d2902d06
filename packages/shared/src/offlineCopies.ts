/**
 * GET /api/me/offline-copy-key (issue 18 item 3): the key, 32 bytes in base64url, a browser seals
 * its offline copies of entries with (AES-256-GCM). One per session: another session, or the same
 * one once ended, cannot have it, so a copy left behind on a shared computer cannot be read.
 */
export type OfflineCopyKeyDto = { key: string };
