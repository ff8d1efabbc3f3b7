// The generated numeric file the analyzer benchmarks use (server latency, start-up, profiling).

/** ~3,000 lines of numeric TypeScript: element-wise loops, reductions, grow-then-convert, typed arrays. */
export function numericFile(functions = 150): string {
  const out: string[] = [];
  for (let i = 0; i < functions; i++) {
    out.push(
      `export function scale${i}(x: Float64Array, y: Float64Array, k: number): void {`,
      `  for (let j = 0; j < x.length; j++) {`,
      `    y[j] = x[j] * k + ${i};`,
      `  }`,
      `}`,
      `export function total${i}(x: Float64Array): number {`,
      `  let s = 0;`,
      `  for (let j = 0; j < x.length; j++) s += x[j];`,
      `  return s;`,
      `}`,
      `export function collect${i}(n: number): Float64Array {`,
      `  const out: number[] = [];`,
      `  for (let j = 0; j < n; j++) out.push(j * ${i + 1});`,
      `  return Float64Array.from(out);`,
      `}`,
      `export function flags${i}(n: number): Float64Array {`,
      `  const f = new Float64Array(n);`,
      `  for (let j = 0; j < n; j++) f[j] = j % 2;`,
      `  return f;`,
      `}`,
    );
  }
  return out.join("\n") + "\n";
}
