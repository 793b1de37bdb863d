/**
 * The one definition of the system, read by both runtimes: the CDK app (`infra/stacks`)
 * and the local runner (`infra/local`). Routes, functions, queues, subscriptions and
 * schedules are declared here once so local and AWS cannot drift.
 */

export * from './definition/access.js';
export * from './definition/functions.js';
export * from './definition/queues.js';
export * from './definition/routes.js';
export * from './definition/schedules.js';
