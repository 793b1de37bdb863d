import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

/**
 * Checks answers against the checked-in `openapi.json`: the status must be one the operation
 * documents, and a JSON body must match that status's schema (strict objects, so a field the
 * document does not describe fails). Used by the integration helpers on every answer of an app
 * route, and by the document's own tests on its examples.
 */

type Json = Record<string, unknown>;

interface DocumentedOperation {
  readonly pattern: RegExp;
  readonly method: string;
  readonly template: string;
  readonly responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
}

/** What went wrong with an answer, or `undefined` when the document describes it. */
export type AnswerCheck = string | undefined;

/**
 * A checker for one document.
 *
 * @example
 * ```ts
 * const checker = openApiChecker(JSON.parse(readFileSync('openapi.json', 'utf8')));
 * checker.check('GET', '/health', 200, 'application/json', { status: 'ok' }); // undefined
 * ```
 */
export function openApiChecker(document: Json) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(document, 'openapi.json');
  const compiled = new Map<string, ValidateFunction>();
  const operations: DocumentedOperation[] = [];
  for (const [template, item] of Object.entries(document.paths as Record<string, Json>)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    for (const [method, operation] of Object.entries(item)) {
      operations.push({
        pattern,
        method: method.toUpperCase(),
        template,
        responses: (operation as { responses: DocumentedOperation['responses'] }).responses,
      });
    }
  }

  const validatorAt = (pointer: string): ValidateFunction => {
    let validate = compiled.get(pointer);
    if (!validate) {
      validate = ajv.compile({ $ref: `openapi.json#${pointer}` });
      compiled.set(pointer, validate);
    }
    return validate;
  };

  return {
    /** The operation of `method path` (a concrete path, query string allowed). */
    operationOf(method: string, path: string): DocumentedOperation | undefined {
      const bare = path.split('?')[0]!;
      return operations.find((op) => op.method === method.toUpperCase() && op.pattern.test(bare));
    },
    /**
     * Whether `body` is a value of the schema at `pointer` in the document (a JSON pointer, e.g.
     * `/components/schemas/Leg`), its `$ref`s resolved against the document.
     */
    validate(pointer: string, body: unknown): AnswerCheck {
      const validate = validatorAt(pointer);
      return validate(body) ? undefined : ajv.errorsText(validate.errors, { dataVar: 'body' });
    },
    /** What is undocumented about one answer, or `undefined`. */
    check(
      method: string,
      path: string,
      status: number,
      contentType: string | null,
      body: unknown,
    ): AnswerCheck {
      const operation = this.operationOf(method, path);
      if (!operation) return `${method} ${path} is not an operation of the document`;
      const where = `${method} ${operation.template} ${status}`;
      const documented = operation.responses[String(status)];
      if (!documented) return `${where} is not a documented status`;
      const media = contentType ? contentType.split(';')[0]!.trim() : undefined;
      if (!documented.content) {
        return body === undefined ? undefined : `${where} documents no body`;
      }
      const entry = Object.entries(documented.content).find(
        ([type]) => type.split(';')[0]!.trim() === media,
      );
      if (!entry) return `${where} does not document a ${media ?? 'missing'} body`;
      if (media !== 'application/json' || !entry[1].schema) return undefined;
      const pointer = ['paths', operation.template, operation.method.toLowerCase(), 'responses']
        .concat([String(status), 'content', entry[0], 'schema'])
        .map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1'))
        .join('/');
      const problem = this.validate(`/${pointer}`, body);
      return problem ? `${where}: ${problem}` : undefined;
    },
  };
}

/** The checked-in document. */
export function checkedInDocument(): Json {
  return JSON.parse(readFileSync(join(process.cwd(), 'openapi.json'), 'utf8')) as Json;
}
