export function progress(done, total) {
  return Math.min(Math.max(done / total, 0), 1);
}
