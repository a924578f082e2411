export function clock(at: Date): string {
  const fmt = new Intl.DateTimeFormat("en-GB", { timezone: "UTC", timeStyle: "short" }); // expect: js-unknown-argument
  return fmt.format(at);
}
