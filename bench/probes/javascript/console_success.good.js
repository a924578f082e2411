export function report(done) {
  if (done) console.info("migration finished");
}
