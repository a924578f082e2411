export function stamp(when: Date): string {
  return when.toISOString().slice(0, 10);
}
