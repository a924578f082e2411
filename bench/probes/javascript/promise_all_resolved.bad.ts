export async function loadAll(urls: string[]): Promise<number> {
  const results = await Promise.allResolved(urls.map((u) => fetch(u))); // expect: js-nonexistent-member
  return results.length;
}
