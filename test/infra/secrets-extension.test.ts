import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, type FunctionDefinition, type FunctionName } from '../../infra/definition.js';
import { logicalIdOf, type SynthesizedDwollaApp, synthDwollaApp } from './support/dwolla-app.js';

const NAMES = Object.keys(FUNCTIONS) as FunctionName[];

type FunctionResource = {
  Properties: { Layers?: unknown[]; Environment?: { Variables: Record<string, unknown> } };
};

describe('The Parameters and Secrets Lambda Extension', () => {
  let synthesized: SynthesizedDwollaApp;
  let resourceOf: (name: FunctionName) => FunctionResource;

  beforeAll(() => {
    // Prepare: templates only (no esbuild)
    synthesized = synthDwollaApp({}, { bundle: false });
    const resources = synthesized.statelessTemplate.toJSON().Resources as Record<
      string,
      FunctionResource
    >;
    resourceOf = (name) => resources[logicalIdOf(synthesized.stateless.functions[name].function)]!;
  });

  it('is declared by the functions that read a secret and write none: the intake and reconcile', () => {
    // Act
    const declaring = NAMES.filter(
      (name) => (FUNCTIONS[name] as FunctionDefinition).secretsExtension,
    );

    // Assess
    expect(declaring).toEqual(['webhookIntake', 'reconcile']);
  });

  it('is layered on those functions only, with its cache off and its default port', () => {
    for (const name of NAMES) {
      // Act
      const { Layers, Environment } = resourceOf(name).Properties;
      const extensionVariables = Object.keys(Environment?.Variables ?? {}).filter((variable) =>
        variable.startsWith('PARAMETERS_SECRETS_EXTENSION_'),
      );

      // Assess
      if (name === 'webhookIntake' || name === 'reconcile') {
        // The region's layer of version 1.0.103 for arm64, from CDK's table of layer ARNs.
        expect(Layers).toEqual([
          {
            'Fn::FindInMap': ['ParamsandsecretslayerMap', { Ref: 'AWS::Region' }, '1x0x103xarm64'],
          },
        ]);
        expect(Environment?.Variables).toMatchObject({
          PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED: 'false',
          PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: '2773',
        });
      } else {
        expect({ name, Layers, extensionVariables }).toEqual({
          name,
          Layers: undefined,
          extensionVariables: [],
        });
      }
    }
  });
});
