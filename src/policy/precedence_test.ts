import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { compareGroups, type GroupAssignment, resolveAssignment } from "./precedence.ts";

const g = (groupId: string, rank: number, policyId = `p-${groupId}`): GroupAssignment => ({ groupId, rank, policyId });

describe("resolveAssignment() precedence table (SPEC §3.2, P2)", () => {
  const rows: Array<
    { name: string; user: string | null; groups: GroupAssignment[]; policyId: string; source: string }
  > = [
    { name: "nothing assigned falls back to Global", user: null, groups: [], policyId: "Global", source: "global" },
    {
      name: "a user assignment beats every group",
      user: "u-pol",
      groups: [g("a", 100), g("b", 5)],
      policyId: "u-pol",
      source: "user",
    },
    { name: "a user assignment alone", user: "u-pol", groups: [], policyId: "u-pol", source: "user" },
    { name: "the one group wins over Global", user: null, groups: [g("a", 0)], policyId: "p-a", source: "group:a" },
    {
      name: "the higher rank wins (first listed)",
      user: null,
      groups: [g("hi", 10), g("lo", 1)],
      policyId: "p-hi",
      source: "group:hi",
    },
    {
      name: "the higher rank wins (last listed)",
      user: null,
      groups: [g("lo", 1), g("hi", 10)],
      policyId: "p-hi",
      source: "group:hi",
    },
    {
      name: "negative ranks order too",
      user: null,
      groups: [g("a", -5), g("b", -1)],
      policyId: "p-b",
      source: "group:b",
    },
    {
      name: "equal rank: smallest id wins",
      user: null,
      groups: [g("zeta", 3), g("alpha", 3), g("mid", 3)],
      policyId: "p-alpha",
      source: "group:alpha",
    },
    {
      name: "equal rank: code-unit order, upper case first",
      user: null,
      groups: [g("b", 3), g("B", 3)],
      policyId: "p-B",
      source: "group:B",
    },
    {
      name: "a tie loses to any higher rank",
      user: null,
      groups: [g("a", 3), g("b", 3), g("z", 4)],
      policyId: "p-z",
      source: "group:z",
    },
  ];
  for (const r of rows) {
    test(`resolveAssignment(): ${r.name}`, () => {
      assert.deepEqual(resolveAssignment(r.user, r.groups), { policyId: r.policyId, source: r.source });
    });
  }
});

test("resolveAssignment() result does not depend on group order", () => {
  const groups = [g("c", 2), g("a", 2), g("b", 1), g("d", 2)];
  const expected = resolveAssignment(null, groups);
  assert.equal(expected.source, "group:a");
  for (let i = 0; i < groups.length; i++) {
    const rotated = [...groups.slice(i), ...groups.slice(0, i)];
    assert.deepEqual(resolveAssignment(null, rotated), expected);
    assert.deepEqual(resolveAssignment(null, [...rotated].reverse()), expected);
  }
});

test("compareGroups() is negative when the first group wins", () => {
  assert.ok(compareGroups(g("x", 2), g("a", 1)) < 0);
  assert.ok(compareGroups(g("a", 1), g("x", 2)) > 0);
  assert.ok(compareGroups(g("a", 1), g("b", 1)) < 0);
  assert.equal(compareGroups(g("a", 1), g("a", 1)), 0);
});
