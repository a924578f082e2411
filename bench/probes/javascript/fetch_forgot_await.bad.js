export async function user(id) {
  const res = fetch(`/api/users/${id}`);
  return res.json(); // expect: js-nonexistent-member
}
