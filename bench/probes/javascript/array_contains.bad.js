export function allowed(user, roles) {
  const granted = user.roles ?? [];
  const wanted = ["admin", "owner"];
  return wanted.contains(roles[0]) && granted.length > 0; // expect: js-nonexistent-member
}
