/**
 * A range set: the ranges one address is drawn from (one per set and ADD; several sets give dual stack).
 * @module
 */
import type { IP } from "../../addr/mod.ts";
import { Range, type RangeInput } from "./range.ts";

/** A canonical, non-empty list of ranges of one address family that do not overlap. */
export class RangeSet {
  /** The ranges, in config order. */
  readonly ranges: readonly Range[];

  private constructor(ranges: Range[]) {
    this.ranges = ranges;
  }

  /** Canonicalises every range; throws `Error` on an empty set, mixed families or overlapping ranges. */
  static canonicalize(inputs: readonly RangeInput[]): RangeSet {
    if (inputs.length === 0) throw new Error("empty range set");
    const ranges = inputs.map((input) => Range.canonicalize(input));
    const family = ranges[0]!.subnet.family;
    if (ranges.some((r) => r.subnet.family !== family)) throw new Error("mixed address families");
    for (let i = 0; i < ranges.length; i++) {
      for (let j = i + 1; j < ranges.length; j++) {
        if (ranges[i]!.overlaps(ranges[j]!)) {
          throw new Error(`subnets ${ranges[i]} and ${ranges[j]} overlap`);
        }
      }
    }
    return new RangeSet(ranges);
  }

  /** The address family of every range in the set. */
  get family(): 4 | 6 {
    return this.ranges[0]!.subnet.family;
  }

  /** The range holding `ip`, or undefined. */
  rangeFor(ip: IP): Range | undefined {
    return this.ranges.find((r) => r.contains(ip));
  }

  /** True when some range holds `ip`. */
  contains(ip: IP): boolean {
    return this.rangeFor(ip) !== undefined;
  }

  /** True when any range of this set overlaps any range of `other`. */
  overlaps(other: RangeSet): boolean {
    return this.ranges.some((r) => other.ranges.some((o) => r.overlaps(o)));
  }

  /** Comma-separated `start-end` list, as the reference prints a set. */
  toString(): string {
    return this.ranges.join(",");
  }
}
