import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApiDocument } from './document.js';

/**
 * `npm run openapi`: writes the generated OpenAPI document to `openapi.json` at the project
 * root, in the form the freshness test compares with.
 *
 * @example
 * ```sh
 * npm run openapi && git diff openapi.json
 * ```
 */
export function renderOpenApiDocument(): string {
  return `${JSON.stringify(openApiDocument(), null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = resolve(process.cwd(), 'openapi.json');
  writeFileSync(target, renderOpenApiDocument());
  console.log(`wrote ${target}`);
}
