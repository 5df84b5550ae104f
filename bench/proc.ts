/** What Linux says about our processes and the machine: RSS and CPU time from /proc, sampled every second. */
import { readFileSync } from 'node:fs';
import os from 'node:os';

const MiB = 1024 * 1024;
/** USER_HZ: 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

/** Resident set size in bytes (VmRSS), or null when the process is gone. */
export function readRss(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) the process has used, or null when it is gone. */
function readCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Busy and total CPU seconds of the whole machine (all cores) since boot. */
function readMachineCpu(): { busy: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
  } catch {
    return { busy: Number.NaN, total: Number.NaN };
  }
}

/** Microseconds during which some runnable task waited for a CPU (Linux pressure stall information), or NaN. */
function readCpuPressureMicros(): number {
  try {
    const m = /^some .*total=(\d+)/m.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return m ? Number(m[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  kernel: string;
  date: string;
  loadAverageAtStart: number[];
}

export function machineInfo(): MachineInfo {
  return {
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    kernel: os.release(),
    date: new Date().toISOString(),
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export interface RssPhase {
  maxMiB: number;
  lastMiB: number;
  samples: number;
}

/** Samples the RSS of named processes every second, keeping max and last per phase. */
export class MemorySampler {
  private readonly pids = new Map<string, number>();
  private readonly phases = new Map<string, Map<string, RssPhase>>();
  private phase = 'startup';
  private timer: NodeJS.Timeout | undefined;

  track(name: string, pid: number): void {
    this.pids.set(name, pid);
  }

  setPhase(phase: string): void {
    this.sample();
    this.phase = phase;
    this.sample();
  }

  start(): void {
    this.timer = setInterval(() => this.sample(), 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.sample();
  }

  sample(): void {
    for (const [name, pid] of this.pids) {
      const rss = readRss(pid);
      if (rss === null) continue;
      let byName = this.phases.get(name);
      if (!byName) this.phases.set(name, (byName = new Map()));
      const p = byName.get(this.phase) ?? { maxMiB: 0, lastMiB: 0, samples: 0 };
      const mib = Math.round((rss / MiB) * 10) / 10;
      p.maxMiB = Math.max(p.maxMiB, mib);
      p.lastMiB = mib;
      p.samples += 1;
      byName.set(this.phase, p);
    }
  }

  /** Phase → max / last RSS of `name`. */
  of(name: string): Record<string, RssPhase> {
    return Object.fromEntries(this.phases.get(name) ?? []);
  }

  /** The highest RSS of `name` over the whole run. */
  maxOf(name: string): number {
    return Math.max(0, ...[...(this.phases.get(name)?.values() ?? [])].map((p) => p.maxMiB));
  }
}

/** CPU seconds of named groups of processes and of the whole machine between two points in time. */
export class CpuMeter {
  private readonly start = new Map<number, number>();
  private machineStart = readMachineCpu();
  private pressureStart = readCpuPressureMicros();
  private t0 = Date.now();

  /** `groups`: name → pids; a pid first seen at the end counts from its own start (e.g. a new database backend). */
  begin(groups: Record<string, number[]>): void {
    this.start.clear();
    for (const pids of Object.values(groups)) for (const pid of pids) this.start.set(pid, readCpuSeconds(pid) ?? 0);
    this.machineStart = readMachineCpu();
    this.pressureStart = readCpuPressureMicros();
    this.t0 = Date.now();
  }

  /** Per group: cores used on average; machine: busy cores, and what the groups do not explain (other work). */
  end(groups: Record<string, number[]>): CpuUse {
    const wall = (Date.now() - this.t0) / 1000;
    const r2 = (n: number) => Math.round(n * 100) / 100;
    const groupCores: Record<string, number> = {};
    let ours = 0;
    for (const [name, pids] of Object.entries(groups)) {
      let used = 0;
      for (const pid of pids) {
        const now = readCpuSeconds(pid);
        if (now !== null) used += now - (this.start.get(pid) ?? 0);
      }
      groupCores[name] = r2(used / wall);
      ours += used / wall;
    }
    const m = readMachineCpu();
    const busy = (m.busy - this.machineStart.busy) / wall;
    const stalled = (readCpuPressureMicros() - this.pressureStart) / 1e6 / wall;
    return {
      wallSeconds: Math.round(wall * 10) / 10,
      groupCores,
      machineBusyCores: r2(busy),
      otherBusyCores: r2(busy - ours),
      cpuPressurePct: Math.round(stalled * 1000) / 10,
    };
  }
}

export interface CpuUse {
  wallSeconds: number;
  /** Average cores busy per group of processes. */
  groupCores: Record<string, number>;
  /** Average cores busy on the whole machine. */
  machineBusyCores: number;
  /** Busy cores none of the groups account for: other work on the machine. */
  otherBusyCores: number;
  /** Share of the time some runnable task waited for a CPU (/proc/pressure/cpu "some"): 0 on an idle machine. */
  cpuPressurePct: number;
}
