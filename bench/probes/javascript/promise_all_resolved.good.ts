export async function loadAll(urls: string[]): Promise<number> {
  const results = await Promise.allSettled(urls.map((u) => fetch(u)));
  return results.length;
}
