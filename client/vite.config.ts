import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * The dev server proxies the API and the collaboration socket to a server on
 * port 3000, so the browser sees one origin exactly as in production (the
 * server serves client/dist itself), and cookies and Origin checks behave the same.
 */
const DEV_SERVER_TARGET = 'http://localhost:3000';

/**
 * Drops NHS.UK frontend's @font-face rules for Frutiger: the font is licensed to
 * NHS services and served from assets.nhs.uk, which the server's
 * Content-Security-Policy (font-src 'self') blocks anyway. Text falls back to
 * Arial, the NHS.UK fallback font, without a blocked request per page.
 */
function withoutRemoteNhsFonts(): Plugin {
  return {
    name: 'jointly:without-remote-nhs-fonts',
    enforce: 'pre',
    transform(code, id) {
      if (!/nhsuk-frontend[^?]*\.css($|\?)/.test(id)) return null;
      return { code: code.replace(/@font-face\s*\{[^}]*assets\.nhs\.uk[^}]*\}/g, ''), map: null };
    },
  };
}

export default defineConfig({
  plugins: [react(), withoutRemoteNhsFonts()],
  server: {
    proxy: {
      '/api': { target: DEV_SERVER_TARGET, changeOrigin: false },
      '/collab': { target: DEV_SERVER_TARGET, ws: true, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    // nhsuk-frontend's CSS comes minified already, and the lightningcss minifier rejects
    // its IE hacks (`@media screen\\0`) and newer container queries; our own CSS is small.
    cssMinify: false,
    emptyOutDir: true,
    // No source maps: production would publish the client's source (issue #10 finding 16; the server refuses *.map too).
    sourcemap: false,
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setupTests.ts'],
    restoreMocks: true,
    // Globals a test stubs (fetch) are put back after it, so no file sees another's stub.
    unstubGlobals: true,
    // The files run one after another in each worker within one happy-dom window and module graph:
    // a fresh window and fresh imports for each of 86 files took about 110 s of a 121 s run (the
    // tests themselves 9 s; 10 s in all now). No test mocks a module; setupTests.ts unmounts what a
    // test rendered and puts back real timers and empty storage; stubbed globals go back (above).
    isolate: false,
  },
});
