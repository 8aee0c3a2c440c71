/** item -> (item -> weight), the rule store both baselines share. */
export class RuleTable {
  private readonly rules = new Map<string, Map<string, number>>();

  add(from: string, to: string, weight: number): void {
    let targets = this.rules.get(from);
    if (!targets) this.rules.set(from, (targets = new Map()));
    targets.set(to, (targets.get(to) ?? 0) + weight);
  }

  of(from: string): Map<string, number> {
    return this.rules.get(from) ?? new Map();
  }
}
