export async function getUser(url) {
  const res = await fetch(url);
  return res.json();
}
