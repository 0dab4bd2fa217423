// Vite builds the workbench into build/ui (the Makefile passes --outDir).  Preact's JSX
// goes through esbuild's automatic runtime, so no framework plugin is needed.  The output
// has no inline script or style: the server's Content-Security-Policy forbids both.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: '../build/ui',
    assetsDir: 'assets',
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2020',
  },
  server: {
    // `npm run dev` next to `make run`: the API comes from the real server.
    proxy: { '/v1': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' },
  },
  test: { include: ['src/**/*.test.ts'] },
});
