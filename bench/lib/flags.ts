/**
 * `--name=value` flags of the experiment scripts: unknown names are refused,
 * so a typo never silently runs the defaults.
 */
export function parseFlags(known: readonly string[], argv = process.argv.slice(2)) {
  const args = new Map(
    argv.map((arg) => {
      const match = /^--([^=]+)=(.*)$/.exec(arg);
      if (!match) throw new Error(`expected --name=value, got ${arg}`);
      return [match[1]!, match[2]!] as const;
    }),
  );
  for (const name of args.keys()) if (!known.includes(name)) throw new Error(`unknown flag --${name}`);
  const str = (name: string, fallback: string) => args.get(name) ?? fallback;
  return {
    get: (name: string) => args.get(name),
    str,
    num: (name: string, fallback: number) => Number(str(name, String(fallback))),
    list: (name: string, fallback: string) => str(name, fallback).split(','),
  };
}
