// TensorFlow.js exporter for peers/run: every job in one node process.
//   node peers/tfjs.mjs JOBS.json   (jobs as peers/run writes them)
// Each job: a case's problem, built from tfjs ops (f) with its gradient by
// tf.variableGrads, stepped by a tf.train optimizer on the cpu backend in float32
// (the only float format of tfjs-core's cpu backend), each row written in hex to
// job.out.  Prints one JSON line: {"version": ..., "errors": {out: message}}.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
// The union package: tfjs-core's optimizers and the cpu backend, and the gradients
// that tfjs-core's own bundle leaves unregistered.
const tf = require('@tensorflow/tfjs');

// C99 hex of a double (every float32 is one), as optref reads it.
function hex(v) {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return (Object.is(v, -0) ? '-' : '') + '0x0p+0';
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, v);
  const hi = dv.getUint32(0), lo = dv.getUint32(4);
  let e = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (e === 0) { // a double subnormal: normalise
    e = 1;
    while (!(mant & (1n << 52n))) { mant <<= 1n; e -= 1; }
    mant &= (1n << 52n) - 1n;
  }
  const digits = mant.toString(16).padStart(13, '0').replace(/0+$/, '');
  const p = e - 1023;
  return (hi >>> 31 ? '-' : '') + '0x1' + (digits ? '.' + digits : '') + 'p' + (p >= 0 ? '+' : '') + p;
}

// f_t(x) in tfjs ops (x a float32 variable); constants are JS doubles that tfjs casts to float32.
function f(prob, x, t) {
  const c = (v) => tf.tensor(v, undefined, 'float32');
  switch (prob.kind) {
    case 'quad': return tf.sum(tf.mul(c(prob.a), tf.square(x)));
    case 'rosenbrock': {
      const n = prob.x0.length, head = x.slice(0, n - 1), tail = x.slice(1, n - 1);
      return tf.sum(tf.add(tf.square(tf.sub(c(prob.a), head)),
                           tf.mul(c(prob.b), tf.square(tf.sub(tail, tf.square(head))))));
    }
    case 'quadratic': {
      const n = prob.b.length, A = tf.tensor2d(prob.A, [n, n], 'float32');
      const Ax = tf.squeeze(tf.matMul(A, tf.reshape(x, [n, 1])));
      return tf.add(c(prob.c), tf.add(tf.sum(tf.mul(c(prob.b), x)), tf.mul(c(0.5), tf.sum(tf.mul(x, Ax)))));
    }
    case 'reddi': return tf.sum(tf.mul(c(t % 3 === 1 ? prob.C : -1), x));
    case 'online-linear': {
      const n = prob.x0.length, r = (t - 1) % (prob.g.length / n);
      return tf.sum(tf.mul(c(prob.g.slice(r * n, (r + 1) * n)), x));
    }
  }
  throw new Error('problem ' + prob.kind);
}

function optimizer(name, args) {
  const make = { sgd: tf.train.sgd, momentum: tf.train.momentum, adam: tf.train.adam,
                 rmsprop: tf.train.rmsprop, adagrad: tf.train.adagrad, adadelta: tf.train.adadelta }[name];
  return make(...args);
}

async function run(job) {
  const prob = job.problem;
  const x = tf.variable(tf.tensor1d(prob.x0, 'float32'), true, 'x');
  const opt = optimizer(job.optimizer, job.args);
  try {
    await steps(job, x, opt);
  } finally {
    opt.dispose();
    x.dispose();
  }
}

// Every optimizer weight under its tfjs suffix (x/m -> m[0], ...); before the first
// step, when tfjs has not made them yet, its initial values (job.init, else 0).
async function steps(job, x, opt) {
  const prob = job.problem, n = prob.x0.length, rows = [];
  const row = async (t, g) => {
    const state = {};
    for (const w of await opt.getWeights()) {
      if (w.name.startsWith('x/')) state[w.name.slice(2)] = Array.from(w.tensor.dataSync());
    }
    for (const k of ['accBeta1', 'accBeta2']) { // Adam's β^t: fields, not weights; scalars
      if (opt[k]) state[k] = opt[k].dataSync()[0];
    }
    const ft = tf.tidy(() => f(prob, x, t + 1));
    const fx = ft.dataSync()[0];
    ft.dispose();
    rows.push([t, Array.from(x.dataSync()), state, g, fx]);
  };
  await row(0, Array(n).fill(NaN));
  for (let t = 1; t <= job.steps; t++) {
    const { value, grads } = tf.variableGrads(() => f(prob, x, t), [x]);
    const g = Array.from(grads.x.dataSync());
    opt.applyGradients(grads);
    tf.dispose([value, grads]);
    await row(t, g);
  }
  const names = Object.keys(rows[rows.length - 1][2]);
  const idx = [...Array(n).keys()];
  const head = ['t', ...idx.map((i) => `x[${i}]`)];
  const scalar = (s) => typeof rows[rows.length - 1][2][s] === 'number';
  for (const s of names) head.push(...(scalar(s) ? [s] : idx.map((i) => `${s}[${i}]`)));
  head.push(...idx.map((i) => `g[${i}]`), 'f');
  const out = [head.join(',')];
  for (const [t, xs, state, g, fx] of rows) {
    let vals = xs;
    for (const s of names) {
      vals = vals.concat(state[s] !== undefined ? state[s] : Array(n).fill(Math.fround((job.init || {})[s] || 0)));
    }
    out.push([String(t), ...vals.concat(g, [fx]).map(hex)].join(','));
  }
  writeFileSync(job.out, out.join('\n') + '\n');
}

await tf.setBackend('cpu');
const jobs = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const errors = {};
for (const job of jobs) {
  try { await run(job); } catch (e) { errors[job.out] = String(e.message || e).split('\n')[0]; }
}
console.log(JSON.stringify({ version: tf.version.tfjs, backend: tf.getBackend(), errors }));
