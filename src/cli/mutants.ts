/**
 * `shieldcall conformance --mutants`: placeholder until the mutant catalogue lands.
 */
export async function mutantsCommand(_a: { cases: unknown[]; jobs: number; timeoutS: number; reports: unknown[] }): Promise<number> {
  console.error("shieldcall conformance --mutants: the mutant catalogue is not built yet");
  return 2;
}
