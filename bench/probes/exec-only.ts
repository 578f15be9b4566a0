// Probe: a Bun-compiled binary that only execve's its first argument through bun:ffi, as the
// launcher's exec step does (dlopen of libc, argv/envp buffers), with nothing before it.
import { dlopen, FFIType, ptr } from "bun:ffi";
const libc = dlopen("libc.so.6", { execve: { args: [FFIType.ptr, FFIType.ptr, FFIType.ptr], returns: FFIType.i32 } });
const cstr = (s: string) => Buffer.from(`${s}\0`);
const arr = (xs: string[]) => { const b = xs.map(cstr); const p = new BigUint64Array(b.length + 1); b.forEach((x, i) => (p[i] = BigInt(ptr(x)))); return { b, p }; };
const target = process.argv[2] ?? "/bin/true";
const file = cstr(target);
const args = arr([target]);
const env = arr(Object.entries(process.env).map(([k, v]) => `${k}=${v}`));
libc.symbols.execve(file, args.p, env.p);
process.exit(127);
