export function query(href: string): string | null {
  const url = new URL(href);
  return url.searchParams.get("q");
}
