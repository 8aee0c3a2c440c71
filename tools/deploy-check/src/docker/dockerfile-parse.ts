/** One Dockerfile instruction with continuation lines joined. */
export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

/** A build stage: its FROM image, optional name, and instructions. */
export interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): { preamble: Instruction[]; stages: Stage[] } {
  const instructions: Instruction[] = [];
  let pending = '';
  let startLine = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) return;
    if (pending === '') startLine = index + 1;
    if (line.startsWith('#')) return; // comments inside a continued instruction
    const continued = line.endsWith('\\');
    pending += `${continued ? line.slice(0, -1) : line} `;
    if (continued) return;
    const [keyword, ...rest] = pending.trim().split(/\s+/);
    instructions.push({ keyword: keyword.toUpperCase(), args: rest.join(' '), line: startLine });
    pending = '';
  });
  const preamble: Instruction[] = [];
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image, as, name] = instruction.args.replace(/--platform=\S+\s*/, '').split(/\s+/);
      stages.push({ image, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (stages.length === 0) preamble.push(instruction);
    else stages[stages.length - 1].instructions.push(instruction);
  }
  return { preamble, stages };
}

/** ARG defaults declared before the first FROM, which FROM lines may use. */
export function globalArgDefaults(preamble: Instruction[]): Map<string, string> {
  const defaults = new Map<string, string>();
  for (const { keyword, args } of preamble) {
    const match = /^(\w+)=(\S+)$/.exec(args);
    if (keyword === 'ARG' && match) defaults.set(match[1], match[2]);
  }
  return defaults;
}

export function expandArgs(text: string, defaults: Map<string, string>): string {
  return text.replace(
    /\$\{(\w+)\}|\$(\w+)/g,
    (whole, braced: string | undefined, bare: string | undefined) => defaults.get(braced ?? bare ?? '') ?? whole,
  );
}
