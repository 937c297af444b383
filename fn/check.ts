// Placeholder until the check mode lands.
export async function runCheck(_args: string[]): Promise<number> {
  process.stderr.write('image-tag-mirrors: check is not implemented yet\n');
  return 2;
}
