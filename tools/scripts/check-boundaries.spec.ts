import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkBoundaries } from './check-boundaries';

function project(root: string, dir: string, type: string, files: Record<string, string>): void {
  fs.mkdirSync(path.join(root, dir, 'src'), { recursive: true });
  fs.writeFileSync(path.join(root, dir, 'project.json'), JSON.stringify({ name: path.basename(dir), tags: [type] }));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, dir, 'src', name), text);
}

describe('checkBoundaries', () => {
  it('passes on this workspace', () => {
    expect(checkBoundaries()).toEqual([]);
  });

  it('fails when an app imports another app, or a pure lib does I/O', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'boundaries-'));
    project(root, 'libs/contracts', 'type:contracts', { 'index.ts': 'export const x = 1;\n' });
    project(root, 'libs/recs', 'type:pure', { 'index.ts': "import express from 'express';\nimport { x } from '@shelflife/contracts';\n" });
    project(root, 'apps/one', 'type:app', { 'main.ts': "import { y } from '../../two/src/main';\n" });
    project(root, 'apps/two', 'type:app', { 'main.ts': 'export const y = 2;\n' });
    const problems = checkBoundaries(root);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/recs.*imports "express"/),
        expect.stringMatching(/one \(type:app\) must not import two \(type:app\)/),
      ]),
    );
    expect(problems).toHaveLength(2);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
