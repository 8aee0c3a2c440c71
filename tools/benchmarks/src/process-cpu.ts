import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** User + system CPU seconds a process has used so far (Linux /proc); 0 when it is gone or unknown. */
export function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    // The command name may hold spaces: the fields start after its closing parenthesis.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** The local RabbitMQ node's Erlang VM, when it runs on this machine. */
export function rabbitPid(): number | undefined {
  try {
    const pid = Number(execFileSync('pgrep', ['-o', '-f', 'beam.smp.*rabbit'], { encoding: 'utf8' }).trim().split('\n')[0]);
    return Number.isFinite(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Pins a process and all its threads to the given CPUs (Linux taskset); false when it could not. */
export function pinToCpus(pid: number | undefined, cpus: string): boolean {
  if (!pid) return false;
  try {
    execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
