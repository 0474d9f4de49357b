import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['schema', 'runtime', 'designer', 'examples', 'tests'],
  },
});
