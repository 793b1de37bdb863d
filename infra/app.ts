import { App } from 'aws-cdk-lib';
import { addDwollaStacks } from './stacks/dwolla-app.js';
import { readDeploymentSettings } from './stacks/settings.js';

/*
 * The CDK app (`npx cdk synth|deploy`). Settings come from the CDK context, e.g.
 * `npx cdk deploy --all -c dwollaEnvironment=production -c alarmEmail=ops@example.com`;
 * see infra/stacks/settings.ts for every key.
 */
const app = new App();
const settings = readDeploymentSettings((key) => app.node.tryGetContext(key));
addDwollaStacks(app, settings, {
  account: process.env.CDK_DEFAULT_ACCOUNT,
  region: process.env.CDK_DEFAULT_REGION,
});
app.synth();
