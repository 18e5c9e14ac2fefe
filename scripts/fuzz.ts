// Fuzzes the CoAP codec: `npm run fuzz -- --iterations 1000000 --seed 1`.
// Prints counts, the rate and the first failures; exits 1 if anything failed.
import { fuzzCodec } from '../src/coap/fuzz';

function usage(problem: string): never {
  console.error(`${problem}\nusage: npm run fuzz -- [--iterations N] [--seed S]`);
  process.exit(2);
}

function parseArgs(argv: string[]): { iterations: number; seed: number } {
  const out = { iterations: 1_000_000, seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    if (flag !== '--iterations' && flag !== '--seed') usage(`unknown argument '${argv[i]}'`);
    const text = inline ?? argv[++i];
    const n = Number(text?.replace(/[_,]/g, ''));
    if (text === undefined || !Number.isSafeInteger(n) || (flag === '--iterations' && n < 0)) {
      usage(`${flag} needs an integer, got '${text ?? ''}'`);
    }
    if (flag === '--iterations') out.iterations = n;
    else out.seed = n;
  }
  return out;
}

const { iterations, seed } = parseArgs(process.argv.slice(2));
const fmt = (n: number) => n.toLocaleString('en-US');
const pct = (n: number) => `${((100 * n) / Math.max(1, iterations)).toFixed(1)}%`;

const started = performance.now();
const report = fuzzCodec({ iterations, seed });
const seconds = (performance.now() - started) / 1000;

console.log(
  `fuzzCodec: ${fmt(report.iterations)} iterations, seed ${seed}, ${seconds.toFixed(2)} s ` +
    `(${fmt(Math.round(report.iterations / seconds))} inputs/s)`,
);
console.log(
  `  accepted ${fmt(report.accepted)} (${pct(report.accepted)}), re-encoded byte for byte`,
);
console.log(`  refused  ${fmt(report.refused)} (${pct(report.refused)})`);
for (const [reason, count] of Object.entries(report.reasons)) {
  console.log(`    ${reason.padEnd(32)} ${fmt(count).padStart(10)}`);
}
console.log('  inputs by strategy:');
for (const [strategy, count] of Object.entries(report.strategies)) {
  console.log(`    ${strategy.padEnd(32)} ${fmt(count).padStart(10)}`);
}
console.log(`  failures ${fmt(report.failureCount)}`);
for (const f of report.failures) {
  console.log(`    #${f.iteration} ${f.strategy} ${f.check}: ${f.detail}\n      input ${f.input}`);
}
if (report.failureCount > 0) process.exitCode = 1;
