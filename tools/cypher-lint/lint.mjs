#!/usr/bin/env node
// Lints Cypher statements with Neo4j's own linter (@neo4j-cypher/language-support).
//
// Usage: node lint.mjs --schema db-schema.json < statements.jsonl
//
// stdin: one JSON object per line: {"name": str, "cypher": str, "parameters": {name: example}}.
// --schema: a JSON file with the linter's DbSchema: labels, relationshipTypes,
//   propertyKeys, graphSchema ([{from, to, relType}]) and optionally parameters,
//   functions, procedures, defaultLanguage. Each statement is linted against this
//   schema plus its own parameters only, so a parameter one statement declares
//   never hides an undeclared one in another.
// When the schema has no function/procedure registry, Neo4j's built-in functions
// and procedures are used: the registry the package itself ships (exported as
// testData.mockSchema, per Cypher version), without the APOC and GDS plugins our
// deployment does not install, so unknown or FalkorDB-only calls are errors.
// Statements are linted in up to 4 worker threads (parsing is CPU-bound).
//
// stdout: one JSON document {"linter": {...}, "statements": n, "diagnostics": [...]},
// each diagnostic {name, severity: "error"|"warning"|"info"|"hint", message,
// line, column, start, end} (line and column 1-based, start/end character offsets).
// The keys of maps inside a statement's parameters count as property keys for that
// statement (the linter cannot tell ``row.id`` after ``UNWIND $rows AS row`` from a
// property lookup).
// Exit status: 0 no error or warning, 1 at least one, 2 bad input.

import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { lintCypherQuery, testData } from '@neo4j-cypher/language-support';

const PACKAGE = '@neo4j-cypher/language-support';
const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };
const PLUGIN_PREFIX = /^(apoc|gds)\./;

function fail(message) {
  process.stderr.write(`cypher-lint: ${message}\n`);
  process.exit(2);
}

function packageVersion() {
  // The package's "exports" hide its package.json from require(); read the file.
  const path = new URL(`./node_modules/${PACKAGE}/package.json`, import.meta.url);
  return JSON.parse(readFileSync(path, 'utf8')).version;
}

function parseArgs(argv) {
  const args = { schema: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--schema' && i + 1 < argv.length) {
      args.schema = argv[++i];
    } else {
      fail(`unknown argument ${JSON.stringify(argv[i])}; usage: lint.mjs --schema FILE < statements.jsonl`);
    }
  }
  if (!args.schema) fail('missing --schema FILE (the DbSchema JSON)');
  return args;
}

/** Neo4j's built-in registry (per Cypher version) without plugin namespaces. */
function builtins(registry) {
  return Object.fromEntries(
    Object.entries(registry).map(([version, entries]) => [
      version,
      Object.fromEntries(Object.entries(entries).filter(([name]) => !PLUGIN_PREFIX.test(name))),
    ]),
  );
}

function readSchema(path) {
  let schema;
  try {
    schema = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    fail(`cannot read schema ${path}: ${error.message}`);
  }
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    fail(`schema ${path} must be a JSON object (a DbSchema)`);
  }
  schema.functions ??= builtins(testData.mockSchema.functions);
  schema.procedures ??= builtins(testData.mockSchema.procedures);
  return schema;
}

function readStatements(text) {
  const statements = [];
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    let item;
    try {
      item = JSON.parse(line);
    } catch (error) {
      fail(`stdin line ${index + 1}: not JSON (${error.message})`);
    }
    if (typeof item?.name !== 'string' || typeof item?.cypher !== 'string') {
      fail(`stdin line ${index + 1}: needs string fields "name" and "cypher"`);
    }
    const parameters = item.parameters ?? {};
    if (typeof parameters !== 'object' || Array.isArray(parameters)) {
      fail(`stdin line ${index + 1} (${item.name}): "parameters" must map names to example values`);
    }
    statements.push({ name: item.name, cypher: item.cypher, parameters });
  });
  return statements;
}

/** Keys of every map inside a parameter value (``row.id`` after ``UNWIND $rows AS row``). */
function mapKeys(value, keys = new Set()) {
  if (Array.isArray(value)) {
    value.forEach((item) => mapKeys(item, keys));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      keys.add(key);
      mapKeys(item, keys);
    }
  }
  return keys;
}

function lintOne(statement, schema) {
  // The linter cannot tell a map key (``row.id``) from a property key, so the keys
  // of the statement's own parameter maps count as known keys for this statement.
  const propertyKeys = [...new Set([...(schema.propertyKeys ?? []), ...mapKeys(Object.values(statement.parameters))])];
  const dbSchema = {
    ...schema,
    propertyKeys,
    parameters: { ...(schema.parameters ?? {}), ...statement.parameters },
  };
  let diagnostics;
  try {
    ({ diagnostics } = lintCypherQuery(statement.cypher, dbSchema));
  } catch (error) {
    return [{ name: statement.name, severity: 'error', message: `linter crashed: ${error.message}`,
      line: 1, column: 1, start: 0, end: 0 }];
  }
  return diagnostics.map((d) => ({
    name: statement.name,
    severity: SEVERITY[d.severity] ?? 'error',
    message: d.message,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    start: d.offsets?.start ?? 0,
    end: d.offsets?.end ?? 0,
  }));
}

/** Lint in worker threads, one contiguous chunk each (parsing is CPU-bound, ~0.1 s a statement). */
async function lintAll(statements, schema) {
  const workers = Math.min(availableParallelism(), 4, Math.ceil(statements.length / 25));
  if (workers <= 1) return statements.flatMap((statement) => lintOne(statement, schema));
  const size = Math.ceil(statements.length / workers);
  const chunks = Array.from({ length: workers }, (_, i) => statements.slice(i * size, (i + 1) * size));
  const results = await Promise.all(
    chunks.map(
      (chunk) =>
        new Promise((resolve, reject) => {
          const worker = new Worker(new URL(import.meta.url), { workerData: { schema, statements: chunk } });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  return results.flat();
}

if (isMainThread) {
  const args = parseArgs(process.argv.slice(2));
  const schema = readSchema(args.schema);
  const statements = readStatements(readFileSync(0, 'utf8'));
  const diagnostics = await lintAll(statements, schema);
  const report = {
    linter: { package: PACKAGE, version: packageVersion() },
    statements: statements.length,
    diagnostics,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
  process.exitCode = diagnostics.some((d) => d.severity === 'error' || d.severity === 'warning') ? 1 : 0;
} else {
  const { schema, statements } = workerData;
  parentPort.postMessage(statements.flatMap((statement) => lintOne(statement, schema)));
}
