import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { DeploymentSettingsError } from '../../infra/stacks/errors.js';
import { readDeploymentSettings } from '../../infra/stacks/settings.js';
import { synthDwollaApp } from './support/dwolla-app.js';

const fromContext = (context: Record<string, unknown>) =>
  readDeploymentSettings((key) => context[key]);

describe('readDeploymentSettings', () => {
  it('defaults to the Dwolla sandbox, basic client auth and a 15-day refresh window', () => {
    // Act
    const settings = fromContext({});

    // Assess
    expect(settings).toEqual({
      stage: 'sandbox',
      dwollaEnvironment: 'sandbox',
      dwollaApiUrl: 'https://api-sandbox.dwolla.com',
      dwollaTokenUrl: 'https://api-sandbox.dwolla.com/token',
      dwollaAuthorizeUrl: 'https://accounts-sandbox.dwolla.com/auth',
      dwollaClientAuth: 'basic',
      oauthRedirectUri: undefined,
      oauthReturnUrlAllowlist: '',
      tokenRefreshWindowDays: 15,
      alarmEmail: undefined,
      tokenVault: 'secrets-manager',
      notificationRetryDelaysSeconds: [20, 300, 1_800, 7_200, 18_000, 36_000, 36_000],
    });
  });

  it('uses the production hosts when dwollaEnvironment=production', () => {
    // Act
    const settings = fromContext({ dwollaEnvironment: 'production', tokenRefreshWindowDays: '20' });

    // Assess
    expect(settings).toMatchObject({
      dwollaApiUrl: 'https://api.dwolla.com',
      dwollaTokenUrl: 'https://api.dwolla.com/token',
      dwollaAuthorizeUrl: 'https://accounts.dwolla.com/auth',
      tokenRefreshWindowDays: 20,
    });
  });

  it('names the stage after the Dwolla environment unless one is given', () => {
    // Act + Assess
    expect(fromContext({ dwollaEnvironment: 'production' }).stage).toBe('production');
    expect(fromContext({ stage: 'staging' })).toMatchObject({
      stage: 'staging',
      dwollaApiUrl: 'https://api-sandbox.dwolla.com',
    });
  });

  it('refuses a stage named after the other Dwolla environment', () => {
    // Act + Assess: -c stage=production without -c dwollaEnvironment=production
    expect(() => fromContext({ stage: 'production' })).toThrow(
      /stage: production is the stage of dwollaEnvironment=production/,
    );
    expect(() => fromContext({ stage: 'sandbox', dwollaEnvironment: 'production' })).toThrow(
      /stage: sandbox is the stage of dwollaEnvironment=sandbox/,
    );
  });

  it('refuses stage names that cannot prefix stack and secret names', () => {
    // Act + Assess
    for (const stage of ['Prod', '1st', 'a_b', 'a/b', 'x'.repeat(21)]) {
      expect(() => fromContext({ stage }), stage).toThrow(/stage: must be 1-20 characters/);
    }
  });

  it('refuses the retired secretNamePrefix instead of ignoring it', () => {
    // Act + Assess
    expect(() => fromContext({ secretNamePrefix: 'acme' })).toThrow(
      /secretNamePrefix: no longer used: .*-c stage=<name>/,
    );
  });

  it('names every invalid context key', () => {
    // Act
    const read = () =>
      fromContext({
        dwollaEnvironment: 'simulator',
        tokenRefreshWindowDays: '60',
        oauthReturnUrlAllowlist: 'https://app.example.com,not a url',
        alarmEmail: 'ops',
      });

    // Assess
    expect(read).toThrow(DeploymentSettingsError);
    for (const key of [
      'dwollaEnvironment',
      'tokenRefreshWindowDays',
      'oauthReturnUrlAllowlist',
      'alarmEmail',
    ]) {
      expect(read).toThrow(new RegExp(`${key}: `));
    }
  });

  it('accepts the return-URL allowlist as a comma-separated string or a JSON array', () => {
    // Act
    const fromString = fromContext({
      oauthReturnUrlAllowlist: 'https://a.example.com, https://b.example.com',
    });
    const fromArray = fromContext({
      oauthReturnUrlAllowlist: ['https://a.example.com', 'https://b.example.com'],
    });

    // Assess
    expect(fromString.oauthReturnUrlAllowlist).toBe('https://a.example.com, https://b.example.com');
    expect(fromArray.oauthReturnUrlAllowlist).toBe('https://a.example.com,https://b.example.com');
  });
});

describe('Deployment settings in the stacks', () => {
  it('emails alarms to alarmEmail and hands the given redirect URI and allowlist to the OAuth functions', () => {
    // Prepare
    const synthesized = synthDwollaApp(
      {
        alarmEmail: 'ops@example.com',
        oauthRedirectUri: 'https://api.example.com/oauth/callback',
        oauthReturnUrlAllowlist: 'https://app.example.com',
        dwollaEnvironment: 'production',
      },
      { bundle: false },
    );

    // Assess
    synthesized.statelessTemplate.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    synthesized.statelessTemplate.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^GET /oauth/callback'),
      Environment: {
        Variables: Match.objectLike({
          OAUTH_REDIRECT_URI: 'https://api.example.com/oauth/callback',
          OAUTH_RETURN_URL_ALLOWLIST: 'https://app.example.com',
          DWOLLA_API_URL: 'https://api.dwolla.com',
        }),
      },
    });
  });
});
