/**
 * `tsx bench/cpu-profile.ts .data/bench/<run>`: where the worker's and the API's CPU went during each
 * HTTP load of a run made with BENCH_CPU_PROFILE=1. Reads `profiles/{worker,api}/*.cpuprofile` (V8,
 * written when the processes stop) and `load-windows.json`, keeps the samples inside each load, and
 * prints CPU ms per accepted step by category (our code by folder, each package, V8/GC/native) and the
 * heaviest functions. Self time only (a function's own samples, not its callees').
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const dir = process.argv[2];
if (!dir) throw new Error('usage: tsx bench/cpu-profile.ts <run directory>');
const windows = JSON.parse(readFileSync(join(dir, 'load-windows.json'), 'utf8')) as {
  name: string;
  fromUs: number;
  toUs: number;
  steps: number;
}[];

function categoryOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : `native ${fn || '(anonymous)'}`;
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return 'node core';
  const m = /\/(api|db|lib|domain|machines|workflows|activities|worker|bench)\//.exec(url);
  if (m) return `ours: ${m[1]}/`;
  // Workflow code runs from the SDK's bundle, evaluated in its sandbox.
  if (url.includes('workflow-bundle') || url.startsWith('evalmachine')) return 'workflow bundle (sandbox)';
  return url.length > 60 ? `…${url.slice(-60)}` : url;
}

// One profile per thread: the main thread, the tsx loader's, and the worker's workflow threads.
const profiles = ['worker', 'api'].flatMap((proc) => {
  const d = join(dir, 'profiles', proc);
  let files: string[] = [];
  try {
    files = readdirSync(d).filter((f) => f.endsWith('.cpuprofile'));
  } catch {
    console.log(`${proc}: no profiles`);
  }
  // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile
  return files.map((f) => ({ name: `${proc} thread ${f.split('.')[4]}`, file: join(d, f) }));
});

for (const { name: proc, file } of profiles) {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  for (const w of windows) {
    const cat = new Map<string, number>();
    const fns = new Map<string, number>();
    let t = prof.startTime;
    let total = 0;
    for (let i = 0; i < prof.samples.length; i++) {
      const dt = prof.timeDeltas[i] ?? 0;
      t += dt;
      if (t < w.fromUs || t > w.toUs) continue;
      const n = byId.get(prof.samples[i]!)!;
      const { functionName, url, lineNumber } = n.callFrame;
      if (functionName === '(idle)') continue;
      const ms = (prof.timeDeltas[i + 1] ?? dt) / 1000;
      total += ms;
      const c = categoryOf(url, functionName);
      cat.set(c, (cat.get(c) ?? 0) + ms);
      const key = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
      fns.set(key, (fns.get(key) ?? 0) + ms);
    }
    const per = (ms: number) => (w.steps ? (ms / w.steps).toFixed(2) : '—');
    if (total < 50) continue;
    console.log(
      `\n${proc}, load ${w.name}: ${(total / 1000).toFixed(1)} s CPU, ${w.steps} steps → ${per(total)} ms per step`,
    );
    for (const [k, v] of [...cat].sort((a, b) => b[1] - a[1]).slice(0, 14))
      console.log(`  ${per(v).padStart(7)} ms/step  ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
    console.log('  heaviest functions (self):');
    for (const [k, v] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, 15))
      console.log(`  ${per(v).padStart(7)} ms/step  ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
  }
}
