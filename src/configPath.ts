/**
 * Sets `obj[a][b]… = value` along a dotted config path (`kh.convergence.tol`), creating plain objects
 * where the path has none (or has a non-object); an undefined value sets nothing. The CLI turns flags
 * into config fields with it, and a study its sweeps and `--epochs`.
 */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  if (value === undefined) return;
  const keys = path.split(".");
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    if (typeof o[k] !== "object" || o[k] === null || Array.isArray(o[k])) o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[keys[keys.length - 1]] = value;
}
