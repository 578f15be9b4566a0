// Edge: a small file's text through Bun.mmap, which reads it without the thread a Bun.file read starts or the cost
// of loading node:fs: how the health check reads the rendered server.properties in every container.

/** The file's text; Bun.mmap reads it without the thread a Bun.file read starts, or node:fs's load. */
export function readLatin1(path: string): string {
  let bytes: Uint8Array;
  try {
    bytes = Bun.mmap(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EINVAL") return ""; // an empty file cannot be mapped
    throw e;
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1");
}
