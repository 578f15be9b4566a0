// Earlier images of main kept as bench variants, so that every run compares against them side by side: each built
// once from a fixed commit (git archive into build/bench/, that commit's own setup and image build) and tagged next
// to the local image; reused while the tag exists.
// - "today's image" of issue 16's targets (tables 3c, 5, 6): main before the cheap health check;
// - "this round's start" (table 2c: issues 22–24's "no slower than today"): main when the round began.
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { imageVariant } from "../scripts/lib/image.ts";
import { run } from "../scripts/lib/run.ts";
import { ROOT } from "./lib.ts";

export type Baseline = { commit: string; label: string; image: string };

function baseline(commit: string, label: string): Baseline {
  return { commit, label, image: imageVariant(`baseline-${commit.slice(0, 7)}`) };
}

/** main before issue 16 (06e7cb1: its health check every 2 s cost more than the idle broker). */
export const BEFORE_ISSUE_16 = baseline("06e7cb173057aa890b58b339890a7196a04185de", "today's image (main before issue 16)");
/** main when issues 22–24 began (3f8cd82: Temurin 25 from the build machine, no one-node profile keys). */
export const ROUND_START = baseline("3f8cd8255e7213c17e4408d7618bcea97f3bb04c", "today's image (main before issues 22–24)");

/** The tables of issue 16 name their baseline by these. */
export const BASELINE_COMMIT = BEFORE_ISSUE_16.commit;
export const BASELINE_LABEL = BEFORE_ISSUE_16.label;
export const BASELINE_IMAGE = BEFORE_ISSUE_16.image;

/**
 * A baseline's image, built when missing (unless `build` is false: the smoke run uses it only when it is there);
 * `why` when it cannot be had (no git history, a failed build).
 */
export function ensureBaselineImage(build = true, which: Baseline = BEFORE_ISSUE_16): { ok: true; image: string } | { ok: false; why: string } {
  const { commit, image } = which;
  if (run(["docker", "image", "inspect", image]).ok) return { ok: true, image };
  if (!build) return { ok: false, why: `${image} is not built (a full \`npm run bench\` builds it)` };
  const src = join(ROOT, "build/bench", `baseline-${commit.slice(0, 7)}`);
  rmSync(src, { recursive: true, force: true });
  mkdirSync(src, { recursive: true });
  const archived = run(["bash", "-c", `git -C '${ROOT}' archive ${commit} | tar -x -C '${src}'`]);
  if (!archived.ok) return { ok: false, why: `cannot check out ${commit} (a clone with its history is needed): ${archived.message}` };
  const sameLock = readFileSync(join(src, "package-lock.json"), "utf8") === readFileSync(join(ROOT, "package-lock.json"), "utf8");
  if (sameLock && existsSync(join(ROOT, "node_modules"))) symlinkSync(join(ROOT, "node_modules"), join(src, "node_modules"));
  console.error(`bench: building the baseline image ${image} from ${commit.slice(0, 7)} (once; a few minutes)`);
  const setup = run(["bash", "scripts/setup.sh", "node", "broker", "launcher"], { cwd: src, inherit: true });
  if (!setup.ok) return { ok: false, why: `set-up of the baseline checkout failed: ${setup.message}` };
  const built = run([join(src, "node_modules/.bin/bun"), "scripts/build-image.ts", "--no-check"], { cwd: src, inherit: true, env: { ...process.env, KAFKA_NATIVE_IMAGE: image } });
  if (!built.ok) return { ok: false, why: `the baseline image build failed: ${built.message}` };
  return { ok: true, image };
}

if (import.meta.main) {
  const r = ensureBaselineImage();
  console.log(r.ok ? r.image : `no baseline image: ${r.why}`);
  process.exit(r.ok ? 0 : 1);
}
