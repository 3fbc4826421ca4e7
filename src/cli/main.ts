export async function main(argv: string[]): Promise<number> {
  console.log('exam-variants', argv.join(' '));
  return 0;
}
