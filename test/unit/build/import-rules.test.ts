import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkImports, layerOf } from '../../../build/scripts/import-rules';

const resolve = (from: string, spec: string) => posix.normalize(posix.join(posix.dirname(from), spec));

describe('import rules', () => {
  it('knows the layer of a file, the most specific first', () => {
    expect(layerOf('electron/core/db/open.ts')).toBe('electron/core');
    expect(layerOf('renderer/App.tsx')).toBe('renderer');
    expect(layerOf('test/unit/x.test.ts')).toBeUndefined();
  });

  it('lets each layer import what DESIGN.md allows', () => {
    expect(checkImports('renderer/App.tsx', "import { calls } from '../shared/contract';", resolve)).toEqual([]);
    expect(checkImports('electron/cli/serve.ts', "import { startServer } from '../serve/server';", resolve)).toEqual([]);
    expect(checkImports('electron/main/index.ts', "import { openCore } from '../core';", resolve)).toEqual([]);
  });

  it('names the file, line and reason of a forbidden import', () => {
    const source = "import React from 'react';\nimport { openCore } from '../electron/core';\n";
    expect(checkImports('renderer/bad.ts', source, resolve)).toEqual([
      { file: 'renderer/bad.ts', line: 2, specifier: '../electron/core', reason: 'renderer may not import electron/core' },
    ]);
    expect(checkImports('electron/core/x.ts', "import { app } from 'electron';", resolve)[0]?.reason).toBe(
      'electron/core may not use the package "electron"',
    );
    expect(checkImports('shared/x.ts', "import { readFileSync } from 'node:fs';", resolve)).toHaveLength(1);
    expect(checkImports('electron/core/x.ts', "const m = await import('../serve/server');", resolve)).toHaveLength(1);
    expect(checkImports('electron/preload/x.ts', "export * from '../main/trust';", resolve)).toHaveLength(1);
  });
});
