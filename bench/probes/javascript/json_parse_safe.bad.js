export function readConfig(text) {
  return JSON.parseSafe(text) ?? {}; // expect: js-nonexistent-member
}
