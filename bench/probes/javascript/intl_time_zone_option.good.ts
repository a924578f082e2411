export function clock(at: Date): string {
  const fmt = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", timeStyle: "short" });
  return fmt.format(at);
}
