import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import process from "node:process";
import {
  CLIENT_MESSAGE_TYPES,
  DRIVER_METHODS,
  DRIVER_NOTIFICATION_METHODS,
  jsonSchemas,
  SCHEMA_BASE_URL,
  SCHEMA_DIALECT,
  schemaFiles,
  SERVER_MESSAGE_TYPES,
} from "./mod.ts";

const dir = new URL("../../fixtures/schemas/", import.meta.url);
const UPDATE = "SHIELDCALL_UPDATE_SCHEMAS";

// Regenerate: SHIELDCALL_UPDATE_SCHEMAS=1 node --import tsx --test src/protocol/schemas_test.ts
// (the only place in src/protocol that writes files; the lead may wire `shieldcall schemas` to schemaFiles()).
if (process.env[UPDATE] === "1") {
  for (const [name, text] of Object.entries(schemaFiles())) writeFileSync(new URL(name, dir), text);
}

/** Every `$ref` value in `v`. */
function refs(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => refs(x, out));
  else if (typeof v === "object" && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      if (k === "$ref" && typeof x === "string") out.push(x);
      else refs(x, out);
    }
  }
  return out;
}

/** The value at a JSON pointer fragment (`#/$defs/invite`) of `doc`, or undefined. */
function resolve(doc: unknown, ref: string): unknown {
  return ref.slice(2).split("/").reduce<unknown>(
    (
      node,
      key,
    ) => (typeof node === "object" && node !== null
      ? (node as Record<string, unknown>)[key.replace(/~1/g, "/").replace(/~0/g, "~")]
      : undefined),
    doc,
  );
}

describe("fixtures/schemas", () => {
  test("the committed files equal schemaFiles() byte for byte (regenerate with SHIELDCALL_UPDATE_SCHEMAS=1)", () => {
    const expected = schemaFiles();
    const onDisk = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
    assert.deepEqual(
      onDisk,
      Object.keys(expected).sort(),
      `stale or missing schema files; set ${UPDATE}=1 to regenerate`,
    );
    for (const [name, text] of Object.entries(expected)) {
      assert.equal(
        readFileSync(new URL(name, dir), "utf8"),
        text,
        `${name} is out of date; set ${UPDATE}=1 to regenerate`,
      );
    }
  });

  test("README.md describes every schema file", () => {
    const readme = readFileSync(new URL("README.md", dir), "utf8");
    for (const name of Object.keys(schemaFiles())) {
      assert.ok(readme.includes(`\`${name}\``), `README.md does not mention ${name}`);
    }
  });
});

describe("jsonSchemas()", () => {
  test("gives every document the 2020-12 dialect, its own $id, a title and a description", () => {
    for (const [name, doc] of Object.entries(jsonSchemas())) {
      assert.equal(doc.$schema, SCHEMA_DIALECT, name);
      assert.equal(doc.$id, `${SCHEMA_BASE_URL}${name}`, name);
      assert.ok(typeof doc.title === "string" && doc.title.length > 0, name);
      assert.ok(typeof doc.description === "string" && doc.description.includes("SPEC §"), name);
    }
  });

  test("resolves every $ref inside its own document", () => {
    for (const [name, doc] of Object.entries(jsonSchemas())) {
      for (const ref of refs(doc)) {
        assert.ok(ref.startsWith("#/"), `${name}: external ref ${ref}`);
        assert.ok(resolve(doc, ref) !== undefined, `${name}: unresolved ${ref}`);
      }
    }
  });

  test("covers every message type, method and notification with its discriminating const", () => {
    const docs = jsonSchemas();
    const consts = (name: string, key: string) => {
      const d = docs[name] as { oneOf: { $ref: string }[] };
      return d.oneOf.map((o) =>
        (resolve(d, o.$ref) as { properties: Record<string, { const: string }> }).properties[key].const
      );
    };
    assert.deepEqual(consts("signaling-client.schema.json", "type"), CLIENT_MESSAGE_TYPES);
    assert.deepEqual(consts("signaling-server.schema.json", "type"), SERVER_MESSAGE_TYPES);
    assert.deepEqual(consts("driver-request.schema.json", "method"), DRIVER_METHODS);
    assert.deepEqual(consts("driver-notification.schema.json", "method"), DRIVER_NOTIFICATION_METHODS);
    const methods = Object.keys((docs["driver-methods.schema.json"] as { $defs: object }).$defs);
    assert.deepEqual(methods, DRIVER_METHODS.flatMap((m) => [`${m}.params`, `${m}.result`]));
  });

  test("closes every object except the free-form ones (args, result, data)", () => {
    const open: string[] = [];
    const walk = (v: unknown, path: string) => {
      if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${path}/${i}`));
      if (typeof v !== "object" || v === null) return;
      const o = v as Record<string, unknown>;
      if (o.type === "object" && o.additionalProperties !== false && !("patternProperties" in o) && !("oneOf" in o)) {
        open.push(path);
      }
      for (const [k, x] of Object.entries(o)) walk(x, `${path}/${k}`);
    };
    for (const [name, doc] of Object.entries(jsonSchemas())) walk(doc, name);
    assert.deepEqual(open, []);
  });

  test("writes no TypeBox internals: no symbols survive and string unions become enum", () => {
    const text = Object.values(schemaFiles()).join("");
    assert.ok(!text.includes("TypeBox") && !text.includes("[Kind]"));
    const docs = jsonSchemas();
    const code =
      (docs["signaling-server.schema.json"] as { $defs: { error: { properties: { code: { enum: string[] } } } } })
        .$defs.error.properties.code;
    assert.ok(Array.isArray(code.enum) && code.enum.includes("PROTO_TOO_LARGE"));
  });
});
