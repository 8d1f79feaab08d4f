import { defineConfig } from 'vite';

// The gateway serves dist/ under a strict CSP (script-src 'self';
// style-src 'self'): every script and style must be a file of its own,
// never inlined into index.html or turned into a data: URL.
export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    modulePreload: { polyfill: false },
    target: 'es2020',
    chunkSizeWarningLimit: 1200,
  },
  // `npm run dev` / `npm run preview` against a running gateway, with the
  // gateway's own CSP so a page that breaks it fails here too.
  server: {
    proxy: { '/v1': 'http://127.0.0.1:8080' },
  },
  preview: {
    proxy: { '/v1': 'http://127.0.0.1:8080' },
    headers: {
      'Content-Security-Policy':
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    },
  },
});
