export class Hold {
  constructor(public expiresAt: Date) {}

  label(): string {
    return this.expiresAt.toISOString();
  }
}
