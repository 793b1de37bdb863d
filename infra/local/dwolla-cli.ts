import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretsManagerAppCredentials } from '../../shared/accounts/app-credentials.js';
import { createAppTokens } from '../../shared/accounts/app-tokens.js';
import {
  createDwollaAuthClient,
  createDwollaClient,
  DWOLLA_ENVIRONMENTS,
} from '../../shared/dwolla/index.js';
import { WebhookError } from '../../shared/webhooks/errors.js';
import { SecretsManagerWebhookSecretStore } from '../../shared/webhooks/secrets-manager-webhook-secret-store.js';
import {
  finishSecretRotation,
  type ProvisioningDependencies,
  rotateWebhookSecret,
  subscribeWebhook,
} from '../../shared/webhooks/subscription.js';
import { webhookSubscriptionAdmin } from '../../shared/webhooks/subscription-admin-http.js';
import { parseArgs, stackFilePath } from './cli-args.js';
import { LocalStackError } from './errors.js';
import { readStackFile } from './stack-file.js';

/**
 * `npm run dwolla -- <command>`: registers the webhook URL with Dwolla and rotates its secret,
 * with the application token
 * (https://developers.dwolla.com/docs/api-reference/webhook-subscriptions).
 *
 *   subscribe <url>        create the subscription with the stored secret, or keep/unpause it
 *   rotate-secret <url>    new secret {current,previous}, new subscription, old one deleted
 *   finish-rotation        drop `previous` once the rotation completed
 *   list                   show the application's subscriptions
 *
 * Targets AWS by default (default credential chain; secret ids from `--app-secret-id` /
 * `--webhook-secret-id` or `DWOLLA_APP_SECRET_ID` / `DWOLLA_WEBHOOK_SECRET_ID`: the stage's
 * `DwollaAppSecretArn` and `WebhookSecretArn` stack outputs; Dwolla hosts from
 * `--environment sandbox|production` or `DWOLLA_API_URL` / `DWOLLA_TOKEN_URL`). With `--local`,
 * the running local stack (`.local/stack.json`) and its Dwolla target instead.
 */
const USAGE = [
  'Usage: npm run dwolla -- subscribe <url> | rotate-secret <url> | finish-rotation | list',
  '  [--local [--stack-file <path>]]',
  '  [--environment sandbox|production] [--app-secret-id <id>] [--webhook-secret-id <id>]',
].join('\n');

interface Target {
  readonly secretsManager: SecretsManagerClient;
  readonly appSecretId: string;
  readonly webhookSecretId: string;
  readonly apiUrl: string;
  readonly tokenUrl: string;
  readonly clientAuth: 'basic' | 'body';
}

async function resolveTarget(options: Record<string, string>): Promise<Target> {
  if (options.local) {
    const stack = await readStackFile(stackFilePath(options));
    return {
      secretsManager: new SecretsManagerClient({
        endpoint: stack.secretsManagerEndpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
      appSecretId: stack.appSecretId,
      webhookSecretId: stack.webhookSecretId,
      apiUrl: stack.dwollaApiUrl,
      tokenUrl: stack.dwollaTokenUrl,
      clientAuth: process.env.DWOLLA_CLIENT_AUTH === 'body' ? 'body' : 'basic',
    };
  }
  const environment = options.environment ?? process.env.DWOLLA_ENVIRONMENT;
  const hosts =
    environment === 'sandbox' || environment === 'production'
      ? DWOLLA_ENVIRONMENTS[environment]
      : undefined;
  const apiUrl = process.env.DWOLLA_API_URL ?? hosts?.apiUrl;
  const tokenUrl = process.env.DWOLLA_TOKEN_URL ?? hosts?.tokenUrl;
  if (!apiUrl || !tokenUrl) {
    throw new LocalStackError(
      'Say which Dwolla to use: --environment sandbox|production, or DWOLLA_API_URL and DWOLLA_TOKEN_URL.',
    );
  }
  const appSecretId = options['app-secret-id'] ?? process.env.DWOLLA_APP_SECRET_ID;
  const webhookSecretId = options['webhook-secret-id'] ?? process.env.DWOLLA_WEBHOOK_SECRET_ID;
  if (!appSecretId || !webhookSecretId) {
    // Each stage has its own secrets, named per stack instance: guessing one could register
    // the webhook of one stage with another stage's secret.
    throw new LocalStackError(
      'Say which stage: --app-secret-id <DwollaAppSecretArn> --webhook-secret-id <WebhookSecretArn> ' +
        '(outputs of the DwollaStateful-<stage> stack), or DWOLLA_APP_SECRET_ID and DWOLLA_WEBHOOK_SECRET_ID.',
    );
  }
  return {
    secretsManager: new SecretsManagerClient({}),
    appSecretId,
    webhookSecretId,
    apiUrl,
    tokenUrl,
    clientAuth: process.env.DWOLLA_CLIENT_AUTH === 'body' ? 'body' : 'basic',
  };
}

async function provisioning(target: Target): Promise<ProvisioningDependencies> {
  const credentials = await secretsManagerAppCredentials({
    client: target.secretsManager,
    secretId: target.appSecretId,
  })();
  const auth = createDwollaAuthClient({
    tokenUrl: target.tokenUrl,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    clientAuth: target.clientAuth,
  });
  return {
    dwolla: webhookSubscriptionAdmin(createDwollaClient({ apiUrl: target.apiUrl }), {
      apiUrl: target.apiUrl,
    }),
    appTokens: createAppTokens({ auth }),
    secrets: new SecretsManagerWebhookSecretStore({
      client: target.secretsManager,
      secretId: target.webhookSecretId,
    }),
  };
}

async function main(): Promise<void> {
  const { positional, options } = parseArgs(process.argv.slice(2));
  const [command, url] = positional;
  const needsUrl = command === 'subscribe' || command === 'rotate-secret';
  const known = needsUrl || command === 'finish-rotation' || command === 'list';
  if (!known || (needsUrl && !url)) {
    console.error(USAGE);
    process.exit(2);
  }
  const target = await resolveTarget(options);
  try {
    await run(command!, url, target);
  } catch (error) {
    if (options.local && (error as { code?: string }).code === 'ECONNREFUSED') {
      throw new LocalStackError('The local stack does not answer; is `npm start` running?', {
        cause: error,
      });
    }
    throw error;
  } finally {
    target.secretsManager.destroy();
  }
}

async function run(command: string, url: string | undefined, target: Target): Promise<void> {
  const deps = await provisioning(target);
  if (command === 'subscribe') {
    const outcome = await subscribeWebhook(deps, url!);
    console.log(
      `Webhook subscription for ${url}: ${outcome.action} (${outcome.subscriptionIds.join(', ')}).`,
    );
  } else if (command === 'rotate-secret') {
    const outcome = await rotateWebhookSecret(deps, url!);
    console.log(
      `${outcome.resumed ? 'Resumed the rotation' : 'Rotated the webhook secret'}: new subscription ${outcome.subscriptionId}` +
        `, deleted ${outcome.deletedSubscriptionIds.join(', ') || 'none'}.`,
    );
    console.log('The intake accepts both secrets. Run `npm run dwolla -- finish-rotation` next.');
  } else if (command === 'finish-rotation') {
    await finishSecretRotation(deps.secrets);
    console.log('Rotation finished: only the new webhook secret is accepted now.');
  } else {
    const subscriptions = await deps.appTokens.withAppToken((token) =>
      deps.dwolla.listWebhookSubscriptions(token),
    );
    for (const s of subscriptions) {
      console.log(`${s.id}  ${s.paused ? 'PAUSED' : 'active'}  ${s.url}  (created ${s.created})`);
    }
    if (subscriptions.length === 0) console.log('No webhook subscriptions.');
  }
}

main().catch((error: unknown) => {
  if (error instanceof LocalStackError || error instanceof WebhookError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
