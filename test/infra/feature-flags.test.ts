import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const cdkJson = JSON.parse(readFileSync('cdk.json', 'utf8')) as {
  notices?: boolean;
  versionReporting?: boolean;
  context: Record<string, unknown>;
};
/** What `cdk init` writes into a new project's `cdk.json` for this aws-cdk-lib version. */
const recommended = require('aws-cdk-lib/recommended-feature-flags.json') as Record<
  string,
  unknown
>;

describe('cdk.json', () => {
  it('carries every feature flag this aws-cdk-lib recommends, at its recommended value', () => {
    // Act
    const differing = Object.entries(recommended)
      .filter(([flag, value]) => JSON.stringify(cdkJson.context[flag]) !== JSON.stringify(value))
      .map(([flag]) => flag);

    // Assess
    expect(Object.keys(recommended).length).toBeGreaterThan(50);
    expect(differing).toEqual([]);
  });

  it('keeps the CLI quiet and offline: no notices, no telemetry, no version reporting', () => {
    // Assess
    expect(cdkJson.notices).toBe(false);
    expect(cdkJson.versionReporting).toBe(false);
    expect(cdkJson.context['cli-telemetry']).toBe(false);
  });
});
