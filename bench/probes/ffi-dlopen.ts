// Probe: bun:ffi dlopen of libc with the launcher's three symbols (execve, fcntl, __errno_location).
import { dlopen, FFIType } from "bun:ffi";
const libc = dlopen("libc.so.6", {
  execve: { args: [FFIType.ptr, FFIType.ptr, FFIType.ptr], returns: FFIType.i32 },
  fcntl: { args: [FFIType.i32, FFIType.i32, FFIType.i32], returns: FFIType.i32 },
  __errno_location: { args: [], returns: FFIType.ptr },
});
if (!libc.symbols.execve) process.exit(1);
