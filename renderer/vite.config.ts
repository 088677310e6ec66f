import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  // Every `import … from 'zod'` of the renderer and of shared/ gets zod with its jitless setting made (zod.ts).
  resolve: { alias: [{ find: /^zod$/, replacement: fileURLToPath(new URL('./zod.ts', import.meta.url)) }] },
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
});
