import { expect, test } from "vitest";
import { TYPING_SIGNAL_MS, TypingSignals } from "./use-typing";

/** Feeds [text, ms] steps and collects what each one signals. */
function run(steps: [string, number][], signals = new TypingSignals()) {
  return steps.map(([text, at]) => signals.change(text, at));
}

test("the first text is where the composer starts, typed or not (a restored draft)", () => {
  expect(run([["черновик", 0], ["черновик", 10]])).toEqual([null, null]);
});

test("typing signals at once, then at most once per window while the text keeps changing", () => {
  const steps: [string, number][] = [["", 0], ["п", 100], ["пр", 1_000], ["при", TYPING_SIGNAL_MS + 99], ["прив", TYPING_SIGNAL_MS + 100], ["приве", 7_000]];
  expect(run(steps)).toEqual([null, "start", null, null, "start", "start"]);
});

test("text that does not change says nothing, however long it stays", () => {
  expect(run([["", 0], ["a", 1], ["a", 5_000], ["a", 60_000]])).toEqual([null, "start", null, null]);
});

test("emptying the composer (a send empties it too) stops, once, and only after a start", () => {
  expect(run([["", 0], ["a", 1], ["", 2], ["  ", 3], ["", 4]])).toEqual([null, "start", "stop", null, null]);
  expect(run([["a", 0], ["", 1]])).toEqual([null, null]);
});

test("typing again right after a stop waits for the server's window from the last start", () => {
  expect(run([["", 0], ["a", 1_000], ["", 1_500], ["b", 2_000], ["bc", 4_000]])).toEqual([null, "start", "stop", null, "start"]);
});

test("leaving with a start out stops it; leaving quietly says nothing", () => {
  const typing = new TypingSignals();
  run([["", 0], ["a", 1]], typing);
  expect(typing.leave()).toBe("stop");
  expect(typing.leave()).toBeNull();
});
