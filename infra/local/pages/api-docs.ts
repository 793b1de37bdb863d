import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { LocalPage, LocalPageResult } from './index.js';

/**
 * `GET /docs`: the API reference rendered by Swagger UI from the stack's own `GET /openapi.json`.
 * Swagger UI's files come from the `swagger-ui-dist` package and are served by the gateway under
 * `/docs/`, so the page works offline; its online validator badge is switched off. Local only.
 */

const SWAGGER_UI_DIR = dirname(
  createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'),
);

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dwolla-serverless API reference</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="api-reference"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/start.js"></script>
</body>
</html>
`;

// `validatorUrl: null`: Swagger UI would otherwise send the document to an online validator.
const START = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#api-reference',
  deepLinking: true,
  validatorUrl: null,
});
`;

const fileCache = new Map<string, Promise<string>>();

function swaggerFile(name: string, contentType: string): LocalPage['render'] {
  return async function renderSwaggerFile(): Promise<LocalPageResult> {
    let body = fileCache.get(name);
    if (!body) {
      body = readFile(join(SWAGGER_UI_DIR, name), 'utf8');
      fileCache.set(name, body);
    }
    return { status: 200, contentType, body: await body };
  };
}

/**
 * The reference page and the files it loads, each one a local page.
 *
 * @example
 * ```ts
 * export const LOCAL_PAGES: LocalPage[] = [...apiDocsPages];
 * ```
 */
export const apiDocsPages: readonly LocalPage[] = [
  {
    path: '/docs',
    render: async () => ({ status: 200, contentType: 'text/html; charset=utf-8', body: PAGE }),
  },
  {
    path: '/docs/start.js',
    render: async () => ({
      status: 200,
      contentType: 'text/javascript; charset=utf-8',
      body: START,
    }),
  },
  {
    path: '/docs/swagger-ui.css',
    render: swaggerFile('swagger-ui.css', 'text/css; charset=utf-8'),
  },
  {
    path: '/docs/swagger-ui-bundle.js',
    render: swaggerFile('swagger-ui-bundle.js', 'text/javascript; charset=utf-8'),
  },
];
