import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOTS = ['functions', 'shared', 'infra', 'bench'];

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
      return entry.name.endsWith('.ts') ? [path] : [];
    }),
  );
  return nested.flat();
}

describe('zod imports', () => {
  it('import zod as a namespace, which esbuild can tree-shake (a named `z` import costs ~350 KiB a bundle)', async () => {
    // Prepare
    const files = (await Promise.all(ROOTS.map(sources))).flat();

    // Act
    const offenders: string[] = [];
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      if (/import\s+(type\s+)?\{[^}]*\bz\b[^}]*\}\s+from\s+'zod(\/[a-z0-9/.]+)?'/.test(text)) {
        offenders.push(file);
      }
    }

    // Assess
    expect(files.length).toBeGreaterThan(50);
    expect(offenders).toEqual([]);
  });

  it('Lambda code uses zod/mini only (the classic API adds ~90 KiB to every bundle)', async () => {
    // Prepare: what the functions bundle
    const files = (await Promise.all(['functions', 'shared'].map(sources))).flat();

    // Act
    const classic: string[] = [];
    for (const file of files) {
      if (/from\s+'zod'/.test(await readFile(file, 'utf8'))) classic.push(file);
    }

    // Assess
    expect(files.length).toBeGreaterThan(50);
    expect(classic).toEqual([]);
  });
});
