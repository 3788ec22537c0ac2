// The portal: a React single-page app, built into <repo>/dist/portal and served by the gateway at /.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The NL Design System React library is one module whose components each get `X.displayName = 'X'`; those writes
 * keep every component in the bundle, used or not. They only name components in React's developer tools.
 */
const dropDisplayNames = (): Plugin => ({
  name: 'drop-utrecht-display-names',
  transform(code, id) {
    if (!/[\\/]@utrecht[\\/][^?]*\.mjs$/.test(id)) return null;
    return { code: code.replace(/^[A-Za-z_$][\w$]*\.displayName = ['"][^'"]*['"];$/gm, ''), map: null };
  },
});

export default defineConfig({
  root: here,
  base: '/',
  plugins: [dropDisplayNames(), react()],
  // The API's words from the contracts library: that one file, not the library's index (zod, Node code).
  resolve: { alias: { '@fund-desk/contracts/vocabulary': resolve(here, '..', '..', '..', 'libs', 'contracts', 'src', 'vocabulary.ts') } },
  build: {
    outDir: resolve(here, '..', '..', '..', 'dist', 'portal'),
    emptyOutDir: true,
    sourcemap: true,
  },
  // `vite` (dev server) talks to a running gateway; override with PORTAL_API=http://127.0.0.1:25080.
  server: { proxy: { '/api': process.env.PORTAL_API ?? 'http://127.0.0.1:8080' } },
});
