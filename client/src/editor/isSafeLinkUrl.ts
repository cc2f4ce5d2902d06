// The link allow-list lives in @jointly/shared: the server enforces the same rule on every stored link.
export { isSafeLinkUrl, normaliseLinkInput } from '@jointly/shared';
