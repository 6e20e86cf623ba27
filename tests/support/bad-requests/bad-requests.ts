// Generated requests to a write route that must all be refused: a path, headers and a body, at least one of them bad.
import fc from 'fast-check';
import type { RouteSpec } from '../../../interfaces/http/route-spec.js';
import { modelFor } from './body-models.js';
import { bodies } from './bodies.js';
import { headerParts } from './headers.js';
import { pathIds } from './paths.js';
import { describeRequest, reasonsOf, type BadRequest } from './reasons.js';
import type { World } from './world.js';

/** Requests to `route` that must all be refused; ones that might be fine are dropped. */
export function badRequests(route: RouteSpec, world: World): fc.Arbitrary<BadRequest> {
  const model = modelFor(route, world);
  return pathIds(route, world)
    .chain((path) => fc.record({ path: fc.constant(path), headers: headerParts(route, path), body: bodies(model) }))
    // fast-check prints a counterexample this way: the payload cut short, with why it is bad.
    .map((parts): BadRequest => Object.assign({ method: route.method, ...parts }, { [fc.toStringMethod]: () => describeRequest({ method: route.method, ...parts }) }))
    .filter((candidate) => {
      const reasons = reasonsOf(candidate);
      if (reasons.length === 0) return false;
      // With a well-formed Idempotency-Key, a request refused only after a lookup is kept, answer and all (by design).
      if (candidate.headers.idempotent && reasons.every((reason) => reason.lookup)) return false;
      return true;
    });
}
