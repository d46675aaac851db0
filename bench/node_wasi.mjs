// node_wasi.mjs: runs a WASI command module under node's V8 (node:wasi), or times compile+instantiate.
// usage: node node_wasi.mjs [--shim] FILE.wasm [ARGS...]
//        node node_wasi.mjs --load-time N FILE.wasm   (median µs of N runs of compile+instantiate, no _start)
//        node node_wasi.mjs --micro N SMALL.wasm CALLS.wasm   (modules from `skiff_time emit`: small-module
//             instantiate µs, wasm -> empty JS function and JS -> empty export in ns per call)
// --shim: a minimal WASI in JavaScript (args, stdout/stderr, exit) instead of node:wasi, whose host aborts
// the process (node 20.20, no message) when a module grows its memory past 32 MiB.
import { readFileSync, writeSync } from 'node:fs';
import { WASI } from 'node:wasi';
import process from 'node:process';

class Exit { constructor(code) { this.code = code; } }

function shimImports(args, getMem) {
  const enc = new TextEncoder();
  const argBytes = args.map((a) => enc.encode(a + '\0'));
  const dv = () => new DataView(getMem().buffer);
  const u8 = () => new Uint8Array(getMem().buffer);
  return {
    wasi_snapshot_preview1: {
      args_sizes_get(pc, ps) {
        dv().setUint32(pc, args.length, true);
        dv().setUint32(ps, argBytes.reduce((s, b) => s + b.length, 0), true);
        return 0;
      },
      args_get(pv, pb) {
        for (let i = 0; i < argBytes.length; i++) {
          dv().setUint32(pv + 4 * i, pb, true);
          u8().set(argBytes[i], pb);
          pb += argBytes[i].length;
        }
        return 0;
      },
      fd_write(fd, iovs, n, pnw) {
        if (fd !== 1 && fd !== 2) return 8;
        let total = 0;
        for (let i = 0; i < n; i++) {
          const p = dv().getUint32(iovs + 8 * i, true), l = dv().getUint32(iovs + 8 * i + 4, true);
          const chunk = Buffer.from(u8().slice(p, p + l));
          let off = 0;
          while (off < l) off += writeSync(fd, chunk, off, l - off);
          total += l;
        }
        dv().setUint32(pnw, total, true);
        return 0;
      },
      fd_fdstat_get(fd, p) {
        if (fd > 2) return 8;
        for (let i = 0; i < 24; i++) dv().setUint8(p + i, 0);
        dv().setUint8(p, 2);
        dv().setBigUint64(p + 8, 0xffffffffffffffffn, true);
        dv().setBigUint64(p + 16, 0xffffffffffffffffn, true);
        return 0;
      },
      fd_close() { return 0; },
      fd_seek() { return 70; },
      environ_sizes_get(pc, ps) { dv().setUint32(pc, 0, true); dv().setUint32(ps, 0, true); return 0; },
      environ_get() { return 0; },
      proc_exit(code) { throw new Exit(code); },
    },
  };
}

const argv = process.argv.slice(2);
if (argv[0] === '--load-time') {
  const n = Number(argv[1]);
  const bytes = readFileSync(argv[2]);
  const times = [];
  for (let i = 0; i < n; i++) {
    // V8 reuses the compiled code of identical bytes within a process: a distinct custom section per round
    // makes every round a real compile.
    const tag = Buffer.from(`round${i}`);
    const wire = Buffer.concat([bytes, Buffer.from([0, tag.length + 1, tag.length]), tag]);
    const wasi = new WASI({ version: 'preview1', args: [argv[2]], env: {} });
    const t0 = process.hrtime.bigint();
    const mod = new WebAssembly.Module(wire);
    new WebAssembly.Instance(mod, wasi.getImportObject());
    times.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  console.log(times[Math.floor(n / 2)].toFixed(1));
} else if (argv[0] === '--micro') {
  const n = Number(argv[1]);
  const median = (v) => { v.sort((a, b) => a - b); return v[Math.floor(v.length / 2)]; };
  const small = new WebAssembly.Module(readFileSync(argv[2]));
  const ti = [];
  for (let i = 0; i < 2000; i++) {
    const t0 = process.hrtime.bigint();
    new WebAssembly.Instance(small, {});
    ti.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  const calls = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(argv[3])), { env: { nop() {} } });
  const { empty, calls: loop, spin } = calls.exports;
  const w2h = [], h2w = [];
  for (let r = 0; r < 6; r++) {  // the first round warms up the optimizing tiers
    let t0 = process.hrtime.bigint();
    loop(n);
    const a = Number(process.hrtime.bigint() - t0);
    t0 = process.hrtime.bigint();
    spin(n);
    const b = Number(process.hrtime.bigint() - t0);
    t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) empty();
    const c = Number(process.hrtime.bigint() - t0);
    if (r > 0) { w2h.push((a - b) / n); h2w.push(c / n); }
  }
  console.log(`small_instantiate_us ${median(ti).toFixed(2)}`);
  console.log(`wasm_to_host_ns ${median(w2h).toFixed(1)}`);
  console.log(`host_to_wasm_ns ${median(h2w).toFixed(1)}`);
} else if (argv[0] === '--shim') {
  const args = argv.slice(1);
  let inst;
  const mod = new WebAssembly.Module(readFileSync(args[0]));
  inst = new WebAssembly.Instance(mod, shimImports(args, () => inst.exports.memory));
  try {
    inst.exports._start();
  } catch (e) {
    if (!(e instanceof Exit)) throw e;
    process.exitCode = e.code;
  }
} else {
  const wasi = new WASI({ version: 'preview1', args: argv, env: {}, returnOnExit: true });
  const mod = new WebAssembly.Module(readFileSync(argv[0]));
  const inst = new WebAssembly.Instance(mod, wasi.getImportObject());
  process.exitCode = wasi.start(inst);
}
