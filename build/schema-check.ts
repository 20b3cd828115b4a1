// Validates an author's JSON file against one of schema/*.schema.json and turns Ajv's
// errors into the build's wording: "<file>: <field>: expected <what>, found <value>", one
// problem per field. <what> is the description the schema gives the field, so the schema is
// the only place that says what a field must hold.
import { readFileSync } from 'node:fs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

type Schema = { description?: string; $ref?: string; properties?: Record<string, Schema>; definitions?: Record<string, Schema> };

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
const loaded = new Map<string, { schema: Schema; validate: ValidateFunction }>();

/** The parsed schema file (cached). */
export function loadSchema(file: string): Schema {
  let entry = loaded.get(file);
  if (!entry) {
    const schema = JSON.parse(readFileSync(file, 'utf8')) as Schema;
    entry = { schema, validate: ajv.compile(schema) };
    loaded.set(file, entry);
  }
  return entry.schema;
}

const show = (v: unknown) => {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
};

/** "/executors/0/script" → "executors[0].script" */
function fieldName(pointer: string): string {
  return pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

function resolve(root: Schema, s: Schema | undefined): Schema | undefined {
  let cur = s;
  for (let i = 0; cur?.$ref && i < 10; i++) {
    const m = /^#\/definitions\/(.+)$/.exec(cur.$ref);
    const target: Schema | undefined = m ? root.definitions?.[m[1]] : undefined;
    cur = target ? { ...target, description: cur.description ?? target.description } : undefined;
  }
  return cur;
}

function valueAt(data: unknown, pointer: string): unknown {
  let cur: any = data;
  for (const part of pointer.split('/').slice(1)) cur = cur?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return cur;
}

/** Problems of `data` against `schemaFile`, each "<rel>: <field>: ..." ([] when valid). */
export function schemaProblems(schemaFile: string, data: unknown, rel: string): string[] {
  loadSchema(schemaFile);
  const { schema, validate } = loaded.get(schemaFile)!;
  if (validate(data)) return [];
  const byField = new Map<string, string>();
  for (const e of validate.errors as ErrorObject[]) {
    let field = fieldName(e.instancePath);
    let message: string;
    if (e.keyword === 'required') {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      field = field ? `${field}.${missing}` : missing;
      const sub = resolve(schema, (e.parentSchema as Schema)?.properties?.[missing]);
      message = `missing (expected ${sub?.description ?? 'a value'})`;
    } else if (e.keyword === 'additionalProperties') {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      field = field ? `${field}.${extra}` : extra;
      const allowed = Object.keys((e.parentSchema as Schema)?.properties ?? {});
      message = `unknown field (allowed: ${allowed.join(', ')})`;
    } else {
      const sub = resolve(schema, e.parentSchema as Schema);
      message = `expected ${sub?.description ?? e.message}, found ${show(valueAt(data, e.instancePath))}`;
    }
    const key = field || '(top level)';
    if (!byField.has(key)) byField.set(key, message);
  }
  return [...byField].map(([field, message]) => `${rel}: ${field}: ${message}`);
}
