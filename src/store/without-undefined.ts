/**
 * A free-form value as the driver stores it for mongoose: keys whose value is undefined are left
 * out, at every depth, and an undefined array element becomes null. For documents written straight
 * to a collection that mongoose used to write (its Mixed paths, its documents).
 */
export function withoutUndefined<T>(value: T): T;
export function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : withoutUndefined(v)));
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = withoutUndefined(v);
  return out;
}
