export function query(href: string): string | null {
  const url = new URL(href);
  return url.searchParam.get("q"); // expect: js-nonexistent-member
}
