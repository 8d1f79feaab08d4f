import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The gateway serves dist/ under a strict CSP (script-src 'self';
// style-src 'self'): every script and style must be a file of its own,
// never inlined into index.html or turned into a data: URL.
// Two pages: the staff portal (index.html) and the members' platform
// (m/index.html → dist/m/index.html, served at /m/). Each has its own
// stylesheet (cssCodeSplit); the code they share (src/api.ts, dom, ui,
// format, router) is a chunk of its own.
export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    cssCodeSplit: true,
    modulePreload: { polyfill: false },
    target: 'es2020',
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      input: {
        portal: resolve(import.meta.dirname, 'index.html'),
        member: resolve(import.meta.dirname, 'm/index.html'),
      },
    },
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
