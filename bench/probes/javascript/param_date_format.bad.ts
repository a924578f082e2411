export function stamp(when: Date): string {
  return when.format("YYYY-MM-DD"); // expect: js-nonexistent-member
}
