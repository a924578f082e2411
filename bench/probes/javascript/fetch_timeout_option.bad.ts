export async function ping(url: string): Promise<number> {
  const res = await fetch(url, { timeout: 5000 }); // expect: js-unknown-argument
  return res.status;
}
