// The image's name, in one place. KAFKA_NATIVE_IMAGE (a full reference, repository:tag) points the
// build, the tests and the benchmarks at another image: a release candidate, or a second checkout's
// build on the same engine. Shell scripts ask here too: `bun scripts/lib/image.ts [local|rehearsal]`
// prints the name.
import { KAFKA_VERSION } from "../../entrypoint/core/version.ts";

export const IMAGE_REPOSITORY = "apache/kafka-native";
export const IMAGE_ENV = "KAFKA_NATIVE_IMAGE";

/** The image the local build produces and everything local runs: $KAFKA_NATIVE_IMAGE, else <repository>:<kafka version>. */
export function localImage(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env[IMAGE_ENV] || `${IMAGE_REPOSITORY}:${KAFKA_VERSION}`;
}

/** The tags `npm run image` applies: the version tag and :latest, or only $KAFKA_NATIVE_IMAGE when set. */
export function localImageTags(version: string, env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  const override = env[IMAGE_ENV];
  return override ? [override] : [`${IMAGE_REPOSITORY}:${version}`, `${IMAGE_REPOSITORY}:latest`];
}

/**
 * A second local image next to the local one, for side-by-side benchmarks: the same repository with
 * its own tag (kafka-native-wt13:dev → kafka-native-wt13:upstream-recipe), so it never replaces the
 * image under test nor anyone else's.
 */
export function imageVariant(tag: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const image = localImage(env);
  const colon = image.lastIndexOf(":");
  return `${colon > image.lastIndexOf("/") ? image.slice(0, colon) : image}:${tag}`;
}

if (import.meta.main) {
  const which = Bun.argv[2] ?? "local";
  if (which !== "local") {
    console.error("usage: bun scripts/lib/image.ts [local]");
    process.exit(64);
  }
  console.log(localImage());
}
