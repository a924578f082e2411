export function withDeadline(url: string): Promise<Response> {
  return fetch(url, { signal: AbortSignal.timeout(500) });
}
