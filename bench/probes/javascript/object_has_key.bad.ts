export function pick(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasKey(obj, key) ? obj[key] : undefined; // expect: js-nonexistent-member
}
