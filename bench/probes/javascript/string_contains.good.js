export function isInternal(email) {
  const domain = String(email).toLowerCase();
  return domain.includes("@acme.com");
}
