export class Hold {
  constructor(public expiresAt: Date) {}

  label(): string {
    return this.expiresAt.toISO(); // expect: js-nonexistent-member
  }
}
