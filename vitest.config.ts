import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          // Same in-process stack as `integration` (one per process), in its own group so it
          // never runs at the same time: integration request counts never see browser traffic.
          globalSetup: ['test/integration/global-setup.ts'],
          sequence: { groupOrder: 1 },
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'bundled',
          // A representative subset run once against `npm start -- --bundled` (the deployed
          // esbuild bundles): every route family, OAuth, token refresh, the webhook pipeline
          // and a scheduled job.
          include: [
            'test/integration/transfers-api.test.ts',
            'test/integration/oauth-connect.test.ts',
            'test/integration/token-lifecycle.test.ts',
            'test/integration/webhooks-intake.test.ts',
            'test/integration/reconcile.test.ts',
          ],
          environment: 'node',
          globalSetup: ['test/integration/global-setup.ts'],
          sequence: { groupOrder: 2 },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
