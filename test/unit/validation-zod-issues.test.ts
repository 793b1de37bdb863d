import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import '../../shared/validation/english.js';
import {
  describeIssues,
  environmentProblems,
  fieldErrorsFromZod,
} from '../../shared/validation/zod-issues.js';

const schema = z.strictObject({ amount: z.strictObject({ value: z.string() }), note: z.string() });

describe('Function: fieldErrorsFromZod', () => {
  it('names a missing field Required, a wrong one Invalid and an unknown one NotAllowed at its own path', () => {
    // Prepare
    const parsed = schema.safeParse(
      { amount: { value: 1 }, extra: 'secret-value' },
      { reportInput: true },
    );

    // Act
    const errors = fieldErrorsFromZod(parsed.error!);

    // Assess
    expect(errors).toEqual([
      expect.objectContaining({ code: 'Invalid', path: '/amount/value' }),
      expect.objectContaining({ code: 'Required', path: '/note' }),
      { code: 'NotAllowed', message: '"extra" is not a field of this request.', path: '/extra' },
    ]);
    expect(JSON.stringify(errors)).not.toContain('secret-value');
  });

  it('places the issues of a value validated on its own under the prefix', () => {
    // Act
    const errors = fieldErrorsFromZod(z.string().safeParse(3, { reportInput: true }).error!, [
      'correlationId',
    ]);

    // Assess
    expect(errors).toEqual([expect.objectContaining({ code: 'Invalid', path: '/correlationId' })]);
  });
});

describe('Function: describeIssues', () => {
  it('reads each issue as "pointer: message"', () => {
    // Act
    const lines = describeIssues(schema.safeParse({ amount: { value: '1' } }).error!);

    // Assess
    expect(lines).toEqual([expect.stringMatching(/^\/note: /)]);
  });
});

describe('Function: environmentProblems', () => {
  it('names a missing variable as required and a wrong one by zod’s message, never its value', () => {
    // Prepare
    const env = { TABLE_NAME: '', QUEUE_URL: undefined };
    const envSchema = z.object({
      TABLE_NAME: z.string().check(z.minLength(1)),
      QUEUE_URL: z.string(),
    });

    // Act
    const problems = environmentProblems(envSchema.safeParse(env).error!, env);

    // Assess
    expect(problems).toEqual([expect.stringMatching(/^TABLE_NAME .+/), 'QUEUE_URL is required']);
    expect(problems[0]).not.toContain('is required');
  });
});
