// Table 4 — image size, layer by layer, and the Bun-compiled launcher's share of it; with the
// gzip'd sizes too (what a registry stores and a `docker pull` transfers).
import { LAUNCHER, IMAGE, dockerReady, mib, run, table, notMeasured } from "./lib.ts";

function gzipSize(path: string): number {
  return Number(run(["sh", "-c", `gzip -6 -c '${path}' | wc -c`]).out.trim());
}

function describeLayer(createdBy: string): string {
  const dest = / in (\S+)/.exec(createdBy)?.[1];
  if (/^(ENV|CMD|ENTRYPOINT|EXPOSE|USER|WORKDIR|ARG|LABEL)/.test(createdBy.replace(/^\/bin\/sh -c #\(nop\)\s*/, ""))) return "";
  if (dest) return `COPY → ${dest}`;
  if (/RUN|\/bin\/sh/.test(createdBy)) return `RUN ${createdBy.replace(/^.*?(\/bin\/sh -c |\|\d+ \S+ )/, "").slice(0, 60)}`;
  return createdBy.slice(0, 60);
}

export async function image(): Promise<string> {
  const title = "4. Image size and the launcher's share";
  const d = dockerReady();
  const launcherBytes = Bun.file(LAUNCHER).size;
  const launcherGz = gzipSize(LAUNCHER);
  if (!d.ok) {
    return table(title, ["part", "size"], [["dist/kafka-launcher", `${mib(launcherBytes)} (gzip ${mib(launcherGz)})`], ["image", `skipped: ${d.why}`]]);
  }
  const total = Number(run(["docker", "image", "inspect", "--format", "{{.Size}}", IMAGE]).out.trim());
  const history = run(["docker", "history", "--no-trunc", "--human=false", "--format", "{{.Size}}\t{{.CreatedBy}}", IMAGE]).out.trim().split("\n");
  const layers = history
    .map((line) => {
      const [size = "0", createdBy = ""] = line.split("\t");
      return { size: Number(size), what: describeLayer(createdBy) };
    })
    .filter((l) => l.size > 0 && l.what)
    .reverse();
  const size = (b: number) => (b < 1024 * 1024 ? `${(b / 1024).toFixed(1)} KiB` : mib(b));
  const rows = layers.map((l) => [l.what, size(l.size), `${((l.size / total) * 100).toFixed(1)} %`]);
  rows.push(["**whole image**", `**${mib(total)}**`, "100 %"]);
  const share = launcherBytes / total;
  // the compressed image: what a pull moves
  const totalGz = Number(run(["sh", "-c", `docker save '${IMAGE}' | gzip -1 | wc -c`]).out.trim());
  return table(title, ["layer", "size", "share"], rows, [
    `the Bun-compiled launcher (\`/usr/local/bin/kafka-launcher\`, the same file as dist/kafka-launcher): ${mib(launcherBytes)} = **${(share * 100).toFixed(0)} % of the image**; gzip'd ${mib(launcherGz)} of ${Number.isFinite(totalGz) && totalGz > 0 ? `${mib(totalGz)} for the whole image (docker save | gzip -1)` : notMeasured("docker save | gzip gave no size")}.`,
    "almost all of the launcher is the Bun runtime: an empty Bun-compiled program is within a few MiB of it (table 1b).",
    "the proposal ([KIP-974](https://cwiki.apache.org/confluence/display/KAFKA/KIP-974%3A+Docker+Image+for+GraalVM+based+Native+Kafka+Broker), its table of native builds) gives the native broker binary at 67–128 MB by GC and PGO (96 MB with the serial GC and no PGO, the build of the GraalVM community edition it chooses); it weighs base images (Ubuntu ~70 MB vs Alpine + glibc + bash ~15 MB). This image's base (busybox, bash, glibc) is the first layer.",
  ]);
}

if (import.meta.main) console.log(await image());
