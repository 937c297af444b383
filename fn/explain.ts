// Placeholder until the explain mode lands.
export async function runExplain(_args: string[]): Promise<number> {
  process.stderr.write('image-tag-mirrors: explain is not implemented yet\n');
  return 2;
}
