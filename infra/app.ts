import { App } from 'aws-cdk-lib';
import { addDwollaStacks } from './stacks/dwolla-app.js';
import { readDeploymentSettings } from './stacks/settings.js';

/*
 * The CDK app (`npx cdk synth|deploy`) of one stage. Settings come from the CDK context, e.g.
 * `npx cdk deploy DwollaStateful-production -c dwollaEnvironment=production -c alarmEmail=ops@example.com`
 * (the stage defaults to the Dwolla environment; `-c stage=<name>` names another one); see
 * infra/stacks/settings.ts for every key and README "Deploy to AWS" for the order.
 */
const app = new App();
const settings = readDeploymentSettings((key) => app.node.tryGetContext(key));
addDwollaStacks(app, settings, {
  account: process.env.CDK_DEFAULT_ACCOUNT,
  region: process.env.CDK_DEFAULT_REGION,
});
app.synth();
