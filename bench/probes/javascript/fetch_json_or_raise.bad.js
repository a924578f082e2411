export async function getUser(url) {
  const res = await fetch(url);
  return res.json_or_raise(); // expect: js-nonexistent-member
}
