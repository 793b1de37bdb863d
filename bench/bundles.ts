/** The deployed bundles, built as the CDK construct builds them (shared with `npm start -- --bundled`). */
export { type BundleSize, bundleEntry, bundleFunctions } from '../infra/local/bundles.js';
