export function progress(done, total) {
  return Math.clamp(done / total, 0, 1); // expect: js-nonexistent-member
}
