import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = process.cwd();

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sources(path);
      return entry.name.endsWith('.ts') ? [path] : [];
    }),
  );
  return nested.flat();
}

/** Every module a file names: static imports and re-exports, dynamic `import()`. */
function specifiers(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) found.push(match[1]!);
  return found;
}

describe('Layering', () => {
  it('Lambda code (functions/, shared/) imports nothing from infra/, which is deploy and local tooling', async () => {
    // Prepare
    const files = (
      await Promise.all(['functions', 'shared'].map((dir) => sources(join(ROOT, dir))))
    ).flat();

    // Act
    const offenders: string[] = [];
    for (const file of files) {
      for (const specifier of specifiers(await readFile(file, 'utf8'))) {
        if (!specifier.startsWith('.')) continue;
        const target = relative(ROOT, resolve(dirname(file), specifier));
        if (target === 'infra' || target.startsWith(`infra/`)) {
          offenders.push(`${relative(ROOT, file)} → ${specifier}`);
        }
      }
    }

    // Assess
    expect(files.length).toBeGreaterThan(50);
    expect(offenders).toEqual([]);
  });

  it('finds an import of infra/ where there is one (the check reads real imports)', () => {
    // Act
    const found = specifiers(
      "import { AUTHORIZER } from '../infra/definition.js';\nconst m = await import('../../infra/x.js');\nexport { y } from './y.js';",
    );

    // Assess
    expect(found).toEqual(['../infra/definition.js', '../../infra/x.js', './y.js']);
  });
});
