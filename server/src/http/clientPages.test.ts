import { describe, expect, it } from 'vitest';
import { isClientPage, isUnknownPage } from './clientPages.ts';

const TOKEN = 'abcdefghijklmnopqrstuvwxyz234567';

describe('client pages', () => {
  it('I11-13: the deep links of PRODUCT §6 are pages', () => {
    for (const path of [
      '/',
      '/signin',
      '/signup',
      '/entries/new',
      '/entries/k3j4h5g6f7d8s9a0',
      '/entries/k3j4h5g6f7d8s9a0/sections/context-and-evolution',
      '/entries/k3j4h5g6f7d8s9a0/judge',
      `/invitations/${TOKEN}`,
    ]) {
      expect(isClientPage(path), path).toBe(true);
      expect(isUnknownPage(path), path).toBe(false);
    }
  });

  it('I11-13: a path that matches no page is an unknown page (the app’s "Page not found", 404)', () => {
    for (const path of [
      '/nosuchpage',
      '/entries',
      '/entries/',
      '/entries/k3j4/sections',
      `/invitations/${TOKEN}.`,
      '/invitations/short',
      '/invitations/',
      '/signin/extra',
    ]) {
      expect(isClientPage(path), path).toBe(false);
      expect(isUnknownPage(path), path).toBe(true);
    }
  });

  it('I11-13: the API, the socket and the assets are never pages: they keep the JSON 404', () => {
    for (const path of ['/api', '/api/nosuch', '/collab', '/collab/abc', '/assets/missing.js']) {
      expect(isClientPage(path), path).toBe(false);
      expect(isUnknownPage(path), path).toBe(false);
    }
  });
});
