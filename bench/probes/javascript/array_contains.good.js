export function allowed(user, roles) {
  const granted = user.roles ?? [];
  const wanted = ["admin", "owner"];
  return wanted.includes(roles[0]) && granted.length > 0;
}
