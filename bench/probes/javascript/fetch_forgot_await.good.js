export async function user(id) {
  const res = await fetch(`/api/users/${id}`);
  return res.json();
}
