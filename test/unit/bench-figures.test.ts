// The benchmarks' figures (bench/lib.ts): a table says "not measured" and why, never a NaN or a cost below zero.
import { describe, expect, test } from "bun:test";
import { ms, over, pairedRatio, pct, ratio, rotated, spread } from "../../bench/lib.ts";

describe("bench figures", () => {
  test.each([
    ["a cost over its floor", over(12.5, 2.5), "10.0 ms"],
    ["a cost below its floor: noise, not a figure", over(1.0, 2.5, undefined, 1), "not measured (below the floor: the noise of n=1 is larger than the cost)"],
    ["a cost with no sample", over(NaN, 2.5), "not measured (no sample)"],
    ["a ratio", ratio(1, 4), "0.25"],
    ["a ratio with no baseline sample", ratio(1, NaN, 2, ["this image", "today's image"]), "not measured (no sample of today's image)"],
    ["a ratio over zero", ratio(1, 0, 2, ["this", "the floor"]), "not measured (the floor is zero)"],
    ["a ratio over a negative", ratio(1, -2, 2, ["this", "the floor"]), "not measured (the floor is below zero)"],
    ["milliseconds of nothing", ms(NaN), "not measured (no sample)"],
    ["a percentage of nothing", pct(Infinity), "not measured (no sample)"],
    ["an empty sample", spread([]), "not measured (no sample)"],
    ["ratios round by round", pairedRatio([2, 3, 8, 5], [1, 3, 2, 5]), "1.50 (1.00–2.00, n=4)"],
    ["ratios round by round skip a round without both", pairedRatio([2, NaN, 4], [1, 3, NaN]), "2.00 (n=1)"],
    ["ratios round by round with no round of both", pairedRatio([NaN], [1], ["this image", "today's image"]), "not measured (no round with a sample of both this image and today's image)"],
  ])("%s", (_, shown, expected) => {
    expect(shown).toBe(expected);
  });

  test("each round's order is rotated: every variant takes every place once in as many rounds", () => {
    const rounds = [0, 1, 2, 3].map((r) => rotated(["a", "b", "c"], r).join(""));
    expect(rounds).toEqual(["abc", "bca", "cab", "abc"]);
    expect(rotated([], 5)).toEqual([]);
  });
});
