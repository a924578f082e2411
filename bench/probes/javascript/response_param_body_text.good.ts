export async function read(res: Response): Promise<string> {
  if (!res.ok) throw new Error(String(res.status));
  return res.text();
}
