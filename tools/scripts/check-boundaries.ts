/**
 * Enforces the architecture from the Nx tags of each project.json (the arrows point down only):
 *   type:contracts  imports nothing of ours
 *   type:pure       contracts (and other pure libs); no I/O modules
 *   type:io / lib   contracts, pure, io
 *   type:app        libs only: never another app
 *   type:tool, e2e  anything
 * Exits 1 with every violation listed. Run: npm run check:boundaries
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const WORKSPACE = path.resolve(__dirname, '../..');
const ALLOWED: Record<string, string[]> = {
  'type:contracts': [],
  'type:pure': ['type:contracts', 'type:pure'],
  'type:io': ['type:contracts', 'type:pure', 'type:io', 'type:lib'],
  'type:lib': ['type:contracts', 'type:pure', 'type:io', 'type:lib'],
  'type:app': ['type:contracts', 'type:pure', 'type:io', 'type:lib'],
  'type:tool': ['type:contracts', 'type:pure', 'type:io', 'type:lib', 'type:app', 'type:tool'],
  'type:e2e': ['type:contracts', 'type:pure', 'type:io', 'type:lib', 'type:app', 'type:tool'],
};
/** Pure libraries stay free of I/O so they are fast to test and reusable in replay and evaluation tools. */
const FORBIDDEN_IN_PURE = [/^express$/, /^@grpc\//, /^amqplib$/, /^mongodb$/, /^(node:)?(fs|net|http|https|child_process|dgram)(\/|$)/];

interface Project {
  name: string;
  root: string;
  type: string;
}

function findProjects(ROOT: string): Project[] {
  const projects: Project[] = [];
  for (const group of ['apps', 'libs', 'tools', '.']) {
    const dir = path.join(ROOT, group);
    if (!fs.existsSync(dir)) continue;
    const candidates = group === '.' ? ['e2e'] : fs.readdirSync(dir);
    for (const entry of candidates) {
      const file = path.join(dir, entry, 'project.json');
      if (!fs.existsSync(file)) continue;
      const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { name: string; tags?: string[] };
      const type = (json.tags ?? []).find((t) => t.startsWith('type:'));
      if (!type || !(type in ALLOWED))
        throw new Error(
          `${file} needs a tag type:${Object.keys(ALLOWED)
            .map((t) => t.slice(5))
            .join('|')}`,
        );
      projects.push({ name: json.name, root: path.join(dir, entry), type });
    }
  }
  return projects;
}

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'generated') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(full));
    else if (entry.name.endsWith('.ts')) files.push(full);
  }
  return files;
}

const IMPORT =
  /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;

export function checkBoundaries(ROOT: string = WORKSPACE): string[] {
  const projects = findProjects(ROOT);
  const aliases = new Map(
    projects.filter((p) => p.root.includes(`${path.sep}libs${path.sep}`)).map((p) => [`@shelflife/${path.basename(p.root)}`, p]),
  );
  const owner = (file: string) => projects.find((p) => file.startsWith(p.root + path.sep));
  const problems: string[] = [];
  for (const project of projects) {
    for (const file of sourceFiles(project.root)) {
      const text = fs.readFileSync(file, 'utf8');
      const isSpec = file.endsWith('.spec.ts');
      for (const match of text.matchAll(IMPORT)) {
        const specifier = match[1] ?? match[2] ?? match[3] ?? match[4] ?? '';
        let target: Project | undefined;
        if (specifier.startsWith('.')) target = owner(path.resolve(path.dirname(file), specifier));
        else if (specifier.startsWith('@shelflife/')) target = aliases.get(specifier.split('/').slice(0, 2).join('/'));
        else if (project.type === 'type:pure' && !isSpec && FORBIDDEN_IN_PURE.some((re) => re.test(specifier))) {
          problems.push(
            `${path.relative(ROOT, file)}: pure library ${project.name} imports "${specifier}"; move the I/O to an io lib or an app`,
          );
        }
        if (!target || target === project) continue;
        // Specs of an app may compose neighbouring services (integration tests); the code may not.
        if (isSpec && project.type === 'type:app' && target.type === 'type:app') continue;
        if (!ALLOWED[project.type]!.includes(target.type)) {
          problems.push(`${path.relative(ROOT, file)}: ${project.name} (${project.type}) must not import ${target.name} (${target.type})`);
        }
      }
    }
  }
  return problems;
}

if (require.main === module) {
  const problems = checkBoundaries();
  if (problems.length > 0) {
    console.error(`module boundaries violated:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log('module boundaries: ok');
}
