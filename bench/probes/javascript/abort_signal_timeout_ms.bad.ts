export function withDeadline(url: string): Promise<Response> {
  return fetch(url, { signal: AbortSignal.timeoutMs(500) }); // expect: js-nonexistent-member
}
