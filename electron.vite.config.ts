import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { buildCli } from './scripts/buildCli.mjs';
import { precompressDir } from './scripts/precompress';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(__dirname, 'electron/main/index.ts') } },
    },
    plugins: [
      // The command line (bin/greenboard.js) runs the same engine compiled to out/cli, so every
      // build (npm run build, prepare, npm start, npm test) makes it too.
      {
        name: 'greenboard-cli',
        apply: 'build',
        closeBundle: async () => {
          await buildCli();
        },
      },
    ],
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed preloads must be CommonJS and self-contained.
      // https://www.electronjs.org/docs/latest/tutorial/esm#sandboxed-preload-scripts-cant-use-esm-imports
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
    plugins: [
      react(),
      // Compressed copies for the headless server (staticFiles.ts); the desktop window reads files.
      {
        name: 'greenboard-precompress',
        apply: 'build',
        closeBundle: () => void precompressDir('out/renderer'),
      },
    ],
  },
});
