import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
// The api that `npm run dev` starts: same PORT variable as the api itself.
const api = `http://127.0.0.1:${process.env.PORT ?? '3000'}`;

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: {
      '@casebridge/contracts': here('../../libs/contracts/src/index.ts'),
      // The in-browser PHI detector, lazy-loaded by the composers (src/lib/phi.ts).
      '@casebridge/deid': here('../../libs/deid/src/index.ts'),
    },
  },
  server: {
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/socket.io': { target: api, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // The PHI detector's dictionaries make one lazy chunk of ~1 MB; it loads on the first keystroke only.
    chunkSizeWarningLimit: 1500,
  },
});
