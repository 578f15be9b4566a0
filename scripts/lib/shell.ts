// POSIX-shell quoting, so a printed command can be pasted back into a shell as it is. Pure.

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function quote(arg: string): string {
  if (arg !== "" && SAFE.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

export function commandLine(argv: readonly string[]): string {
  return argv.map(quote).join(" ");
}
