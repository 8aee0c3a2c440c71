import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../repo-paths';

/** The anchor GitHub gives a Markdown heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of a Markdown file's headings (outside code fences), numbered like GitHub's for repeats. */
export function markdownAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = !fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = headingAnchor(heading[1]);
    const count = seen.get(base) ?? 0;
    anchors.add(count === 0 ? base : `${base}-${count}`);
    seen.set(base, count + 1);
  }
  return anchors;
}

/**
 * What is wrong with a runbook link: a path in this repository (`docs/operations.md#section`) must name a
 * file that exists and a heading it has. Absolute URLs cannot be checked offline and are accepted.
 */
export function runbookProblem(link: string, root = REPO_ROOT): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(link)) return undefined;
  const [file, anchor] = link.split('#', 2);
  const full = path.resolve(root, file);
  if (path.relative(root, full).startsWith('..') || !fs.existsSync(full) || !fs.statSync(full).isFile())
    return `runbook ${link}: ${file} is not a file of the repository`;
  if (anchor === undefined || anchor === '') return `runbook ${link}: name the section (${file}#section)`;
  if (!markdownAnchors(fs.readFileSync(full, 'utf8')).has(anchor))
    return `runbook ${link}: ${file} has no heading with the anchor #${anchor}`;
  return undefined;
}
