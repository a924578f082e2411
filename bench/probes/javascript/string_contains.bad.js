export function isInternal(email) {
  const domain = String(email).toLowerCase();
  return domain.contains("@acme.com"); // expect: js-nonexistent-member
}
