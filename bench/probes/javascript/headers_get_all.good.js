export async function cookies(url) {
  const res = await fetch(url);
  return res.headers.getSetCookie();
}
