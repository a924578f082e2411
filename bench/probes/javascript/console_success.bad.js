export function report(done) {
  if (done) console.success("migration finished"); // expect: js-nonexistent-member
}
