/**
 * A benchmark figure: contenders timed alternately in one run, printed as medians with the ratio ours/reference and
 * the command that reproduces it.
 * @module
 */
import { median } from "./median.ts";

/** One contender: a name and one timed iteration (returns its wall time in ms). */
export interface Contender {
  /** Shown in the table; the one named "reference" is the ratio's denominator. */
  name: string;
  /** Runs one iteration and returns its time in ms. */
  iteration(): Promise<number>;
}

/** A measured figure. */
export interface Figure {
  /** What was measured. */
  title: string;
  /** Median ms (or other unit) per contender, in contender order. */
  rows: { name: string; value: number }[];
  /** The unit of the values. */
  unit: string;
  /** The command that measures this figure alone. */
  reproduce: string;
}

/** Warms each contender up once, then runs `runs` rounds, alternating the order each round. */
export async function alternate(
  title: string,
  contenders: Contender[],
  options: { runs: number; reproduce: string },
): Promise<Figure> {
  const times = contenders.map(() => [] as number[]);
  for (const contender of contenders) await contender.iteration();
  for (let round = 0; round < options.runs; round++) {
    const order = contenders.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) times[i]!.push(await contenders[i]!.iteration());
  }
  const rows = contenders.map((c, i) => ({ name: c.name, value: median(times[i]!) }));
  return { title: `${title} (median of ${options.runs})`, rows, unit: "ms", reproduce: options.reproduce };
}

/** Formats a figure as a small table; each row shows its ratio to the row named "reference" when there is one. */
export function formatFigure(figure: Figure): string {
  const reference = figure.rows.find((row) => row.name === "reference")?.value;
  const width = Math.max(...figure.rows.map((row) => row.name.length));
  const lines = [figure.title];
  for (const row of figure.rows) {
    const ratio = reference && row.name !== "reference"
      ? `   ours/reference ${(row.value / reference).toFixed(1)}x`
      : "";
    lines.push(`  ${row.name.padEnd(width)} ${row.value.toFixed(1).padStart(8)} ${figure.unit}${ratio}`);
  }
  lines.push(`  reproduce: ${figure.reproduce}`);
  return lines.join("\n");
}
