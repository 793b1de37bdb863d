import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type SynthesizedDwollaApp, synthDwollaApp } from './support/dwolla-app.js';

/** Every name one stage gives AWS, rendered as JSON (tokens included) to compare across stages. */
interface StageNames {
  readonly stacks: string[];
  /** `Name` properties (secrets, the HTTP API), export names and the imports that use them. */
  readonly resources: string[];
  readonly exports: string[];
  /** Values of the environment variables that name something shared in the account. */
  readonly variables: string[];
  /** The `service` dimension of the stage's own metric alarms. */
  readonly metricServices: string[];
  /** Secret name patterns in IAM statements. */
  readonly secretGrants: string[];
}

// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation JSON, walked generically
type Json = any;

function walk(value: Json, visit: (key: string, value: Json) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      visit(key, inner);
      walk(inner, visit);
    }
  }
}

function namesOf(synthesized: SynthesizedDwollaApp): StageNames {
  const templates: Template[] = [synthesized.statefulTemplate, synthesized.statelessTemplate];
  const names: StageNames = {
    stacks: [synthesized.stateful.stackName, synthesized.stateless.stackName],
    resources: [],
    exports: [],
    variables: [],
    metricServices: [],
    secretGrants: [],
  };
  for (const template of templates) {
    const json = template.toJSON();
    for (const resource of Object.values(json.Resources as Record<string, Json>)) {
      // An authorizer's name is scoped to its own API, not to the account.
      if (
        resource.Properties?.Name !== undefined &&
        resource.Type !== 'AWS::ApiGatewayV2::Authorizer'
      ) {
        names.resources.push(JSON.stringify(resource.Properties.Name));
      }
      for (const [name, value] of Object.entries(
        (resource.Properties?.Environment?.Variables ?? {}) as Record<string, Json>,
      )) {
        if (['POWERTOOLS_SERVICE_NAME', 'ACCOUNT_SECRET_PREFIX'].includes(name)) {
          names.variables.push(JSON.stringify(value));
        }
      }
      if (resource.Type === 'AWS::CloudWatch::Alarm') {
        for (const dimension of resource.Properties.Dimensions ?? []) {
          if (dimension.Name === 'service') names.metricServices.push(dimension.Value);
        }
      }
    }
    for (const output of Object.values((json.Outputs ?? {}) as Record<string, Json>)) {
      if (output.Export?.Name) names.exports.push(JSON.stringify(output.Export.Name));
    }
    walk(json.Resources, (key, value) => {
      if (key === 'Fn::ImportValue') names.exports.push(JSON.stringify(value));
      if (key === 'Resource' && JSON.stringify(value).includes(':secret:')) {
        names.secretGrants.push(JSON.stringify(value));
      }
    });
  }
  return names;
}

describe('Stages side by side in one account', () => {
  let sandbox: StageNames;
  let production: StageNames;
  let staging: StageNames;

  beforeAll(() => {
    // Prepare: three stages as three `cdk deploy` runs would synthesize them
    sandbox = namesOf(synthDwollaApp({}, { bundle: false }));
    production = namesOf(synthDwollaApp({ dwollaEnvironment: 'production' }, { bundle: false }));
    staging = namesOf(synthDwollaApp({ stage: 'staging' }, { bundle: false }));
  });

  it('names the stacks after the stage, the default stage after the Dwolla environment', () => {
    // Assess
    expect(sandbox.stacks).toEqual(['DwollaStateful-sandbox', 'DwollaStateless-sandbox']);
    expect(production.stacks).toEqual(['DwollaStateful-production', 'DwollaStateless-production']);
    expect(staging.stacks).toEqual(['DwollaStateful-staging', 'DwollaStateless-staging']);
  });

  it.each(['resources', 'exports', 'variables', 'metricServices', 'secretGrants'] as const)(
    'shares no %s name between two stages',
    (kind) => {
      // Act
      const pairs = [
        [sandbox, production],
        [sandbox, staging],
        [production, staging],
      ] as const;

      // Assess: each stage has names of this kind, and no two stages have one in common
      for (const stage of [sandbox, production, staging]) {
        expect(stage[kind].length, kind).toBeGreaterThan(0);
      }
      for (const [one, other] of pairs) {
        expect(one[kind].filter((name) => other[kind].includes(name))).toEqual([]);
      }
    },
  );

  it('puts the stage into every secret name and every metric dimension', () => {
    // Assess
    for (const [stage, names] of [
      ['sandbox', sandbox],
      ['production', production],
      ['staging', staging],
    ] as const) {
      for (const name of [...names.resources, ...names.variables, ...names.secretGrants]) {
        expect(name, stage).toMatch(new RegExp(`[/-]${stage}[/"-]`));
      }
      expect(new Set(names.metricServices)).toEqual(new Set([`dwolla-serverless-${stage}`]));
    }
  });
});
