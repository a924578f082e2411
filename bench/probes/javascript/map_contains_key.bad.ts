const seen = new Map<string, number>();

export function count(word: string): number {
  if (seen.containsKey(word)) { // expect: js-nonexistent-member
    seen.set(word, (seen.get(word) ?? 0) + 1);
  }
  return seen.get(word) ?? 0;
}
