import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * For tests: makes fresh temporary directories and removes them all after the calling test file
 * (call at the top level of a spec, where afterAll is available).
 */
export function temporaryDirs(): (prefix: string) => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });
  return (prefix) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}
