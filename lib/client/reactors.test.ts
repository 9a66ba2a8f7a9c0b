import { describe, expect, test } from "vitest";
import { summarizeReactors } from "./reactors";

const ME = 1;
const people = (...names: string[]) => names.map((username, i) => ({ id: i + 10, username }));

describe("who reacted, as the tooltip names them", () => {
  test("me first, as «Вы», then the earliest others, all of them up to three", () => {
    expect(summarizeReactors([{ id: ME, username: "я" }, ...people("Анна")], { count: 2, me: true }, ME)).toEqual({ me: true, others: ["Анна"], rest: 0 });
    expect(summarizeReactors(people("Анна", "Борис", "Вера"), { count: 3, me: false }, ME)).toEqual({ me: false, others: ["Анна", "Борис", "Вера"], rest: 0 });
  });

  test("past three, two are named and the rest counted: «Вы, Анна и ещё 2»", () => {
    expect(summarizeReactors([...people("Анна", "Борис"), { id: ME, username: "я" }], { count: 4, me: true }, ME)).toEqual({
      me: true,
      others: ["Анна"],
      rest: 2,
    });
    expect(summarizeReactors(people("Анна", "Борис", "Вера", "Глеб"), { count: 40, me: false }, ME)).toEqual({ me: false, others: ["Анна", "Борис"], rest: 38 });
  });

  test("a list older than the chip's count names whom it knows and counts the others", () => {
    expect(summarizeReactors(people("Анна"), { count: 3, me: false }, ME)).toEqual({ me: false, others: ["Анна"], rest: 2 });
    expect(summarizeReactors([], { count: 1, me: true }, ME)).toEqual({ me: true, others: [], rest: 0 });
  });
});
