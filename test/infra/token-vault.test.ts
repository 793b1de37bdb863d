import type { Policy } from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, type FunctionName } from '../../infra/definition.js';
import { TOKEN_SECRETS_KEY_LOGICAL_ID } from '../../infra/stacks/stateless-stack.js';
import {
  logicalIdOf,
  readValidationReport,
  type SynthesizedDwollaApp,
  synthDwollaApp,
} from './support/dwolla-app.js';

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
  Sid?: string;
  Principal?: unknown;
}

const asArray = (value: string | string[]) => (Array.isArray(value) ? value : [value]);
const tokenFunctions = (Object.keys(FUNCTIONS) as FunctionName[]).filter(
  (name) => (FUNCTIONS[name].access as { accountSecrets?: readonly string[] }).accountSecrets,
);

describe('Deploying the table token vault (-c tokenVault=kms-table)', () => {
  let synthesized: SynthesizedDwollaApp;
  // biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation JSON, read by assertions
  let resources: Record<string, { Type: string; Properties: Record<string, any> }>;

  const statementsOf = (name: FunctionName): Statement[] => {
    const policy = synthesized.stateless.functions[name].role.node.findChild('DefaultPolicy');
    return resources[logicalIdOf(policy as Policy)]!.Properties.PolicyDocument.Statement;
  };

  beforeAll(() => {
    // Prepare
    synthesized = synthDwollaApp({ tokenVault: 'kms-table' }, { bundle: false });
    resources = synthesized.statelessTemplate.toJSON().Resources;
  });

  it('gives every token function the vault and its key, and no token-secret grant', () => {
    // Assess
    expect(tokenFunctions.length).toBeGreaterThan(4);
    for (const name of tokenFunctions) {
      const fn = resources[logicalIdOf(synthesized.stateless.functions[name].function)]!;
      const env = fn.Properties.Environment.Variables;
      expect(env.TOKEN_VAULT, name).toBe('kms-table');
      expect(JSON.stringify(env.TOKEN_KMS_KEY_ID), name).toContain(TOKEN_SECRETS_KEY_LOGICAL_ID);
      const statements = statementsOf(name);
      expect(JSON.stringify(statements), name).not.toContain('/accounts/*');
      const kms = statements.filter((s) => asArray(s.Action).some((a) => a.startsWith('kms:')));
      const onTokenKey = kms.filter((s) =>
        JSON.stringify(s.Resource).includes(TOKEN_SECRETS_KEY_LOGICAL_ID),
      );
      expect(onTokenKey, name).toHaveLength(1);
      expect(asArray(onTokenKey[0]!.Action).sort(), name).toEqual([
        'kms:Decrypt',
        'kms:GenerateDataKey',
      ]);
      expect(onTokenKey[0]!.Condition, name).toEqual({
        StringEquals: { 'kms:EncryptionContext:purpose': 'dwolla-account-tokens' },
      });
    }
  });

  it('lets the connect write the sealed pair only on account items', () => {
    // Act
    const onAccounts = statementsOf('oauthCallback').filter(
      (s) =>
        JSON.stringify(s.Condition ?? {}).includes('"ACCOUNT#*"') &&
        asArray(s.Action).includes('dynamodb:PutItem'),
    );

    // Assess
    expect(onAccounts.length).toBeGreaterThan(0);
    expect(JSON.stringify(onAccounts)).not.toContain('RESOURCE#');
  });

  it('names the token functions in the key policy, for the vault context only', () => {
    // Prepare
    const key = resources[TOKEN_SECRETS_KEY_LOGICAL_ID]!;
    const vaultStatements = (key.Properties.KeyPolicy.Statement as Statement[]).filter((s) =>
      s.Sid?.startsWith('TokenVault'),
    );

    // Assess
    expect(vaultStatements).toHaveLength(tokenFunctions.length);
    for (const statement of vaultStatements) {
      expect(statement.Condition).toEqual({
        StringEquals: { 'kms:EncryptionContext:purpose': 'dwolla-account-tokens' },
      });
    }
  });

  it('stays cdk-nag clean', () => {
    // Act
    const report = readValidationReport(synthesized.assembly);

    // Assess
    expect(report.pluginReports.flatMap((plugin) => plugin.violations ?? [])).toEqual([]);
  });
});
