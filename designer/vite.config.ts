import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/** Dev server proxies the runtime's API; `vite build` writes dist/, which the runtime serves. */
export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { '/api': { target: process.env.TANDEM_API ?? 'http://localhost:3000', changeOrigin: true } },
  },
  build: { outDir: 'dist', chunkSizeWarningLimit: 1500 },
  test: {
    name: 'designer',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
  },
});
