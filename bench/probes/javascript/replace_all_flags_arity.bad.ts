export function slug(title: string): string {
  return title.toLowerCase().replaceAll(" ", "-", "g"); // expect: js-wrong-arity
}
