/**
 * `shieldcall` command line. Subcommands are added by the layers below; this file only wires them.
 */
export async function main(argv: string[]): Promise<number> {
  console.error(`shieldcall: not yet implemented: ${argv.join(" ")}`);
  return 2;
}
