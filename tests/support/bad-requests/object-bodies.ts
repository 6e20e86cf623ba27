// JSON object bodies: a valid body (when known) with wrong values, missing fields and unknown fields.
import fc from 'fast-check';
import type { BodyModel } from './body-models.js';
import type { Bad } from './field-model.js';
import { jsonBody, withField } from './json-text.js';
import { because, type BodyPart, type Reason } from './reasons.js';
import { deep, smallJson } from './values.js';

type Change = { kind: 'set'; field: string; bad: Bad } | { kind: 'drop'; field: string } | { kind: 'extra'; key: string; value: unknown };

export function objectBodies(model: BodyModel): fc.Arbitrary<BodyPart> {
  const names = Object.keys(model.fields);
  const validBase: fc.Arbitrary<Record<string, unknown>> = names.every((name) => model.fields[name]!.valid)
    ? fc.record(Object.fromEntries(names.map((name) => [name, model.fields[name]!.valid!])), { requiredKeys: [...model.required] })
    : fc.constant({});
  const unknownKey = fc
    .oneof(
      fc.constantFrom('__proto__', 'constructor', 'toString', 'id', 'ID', 'Price', 'tag_ids', 'category', 'tags', 'status', 'order_token', 'product_name ', ''),
      fc.string({ maxLength: 12 }),
    )
    .filter((key) => !names.includes(key));
  const changes: Array<fc.Arbitrary<Change>> = [fc.tuple(unknownKey, fc.oneof(smallJson, deep('object'))).map(([key, value]) => ({ kind: 'extra' as const, key, value }))];
  if (names.length > 0) {
    const settable = names.filter((name) => model.fields[name]!.invalid);
    if (settable.length > 0) changes.push(fc.constantFrom(...settable).chain((field) => model.fields[field]!.invalid!.map((wrong) => ({ kind: 'set' as const, field, bad: wrong }))));
    const droppable = model.atLeastOne ? names : model.required;
    if (droppable.length > 0) changes.push(fc.constantFrom(...droppable).map((field) => ({ kind: 'drop' as const, field })));
  }
  // Mostly one fault at a time, so that each is what the route has to find.
  const someChanges = fc.oneof(
    { weight: 6, arbitrary: fc.oneof(...changes).map((change) => [change]) },
    { weight: 3, arbitrary: fc.array(fc.oneof(...changes), { minLength: 2, maxLength: 4 }) },
    { weight: 1, arbitrary: fc.constant([]) },
  );
  return fc.tuple(validBase, someChanges).map(([base, list]) => withChanges(model, base, list));
}

/** `base` with the changes made, and the reasons the result is bad (none: it is fine). */
function withChanges(model: BodyModel, base: Record<string, unknown>, list: readonly Change[]): BodyPart {
  const body: Record<string, unknown> = { ...base };
  const faults = new Map<string, Reason | null>(Object.keys(base).map((key) => [key, null]));
  for (const change of list) {
    if (change.kind === 'set') {
      withField(body, change.field, change.bad.value);
      faults.set(change.field, change.bad.reason);
    } else if (change.kind === 'drop') {
      delete body[change.field];
      faults.delete(change.field);
    } else {
      withField(body, change.key, change.value);
      faults.set(change.key, because(`an unknown field ${JSON.stringify(change.key)}`));
    }
  }
  const reasons = [...faults.values()].filter((reason): reason is Reason => reason !== null);
  for (const field of model.required) if (!faults.has(field)) reasons.push(because(`no ${field}`));
  if (model.atLeastOne && faults.size === 0) reasons.push(because('no field to change'));
  return jsonBody(body, reasons);
}
