// OCI image labels (https://github.com/opencontainers/image-spec/blob/main/annotations.md), from the
// same version source as `kafka-launcher --version`: entrypoint/version.ts, which reads the one pin
// <kafka.version> in resources/broker/pom.xml. Pure: the caller passes the git revision and the source.
//
// Used by scripts/release.ts; meant for scripts/build-image.ts too, so a local image and a released one
// carry the same labels.

export const LABEL_PREFIX = "org.opencontainers.image";

export type LabelInput = {
  /** The image version: the Kafka version, plus `-N` for a Docker-only re-release (4.4.0-1). */
  version: string;
  /** Full git commit of the repository the image was built from. */
  revision: string;
  /** URL of that repository. */
  source: string;
};

export const IMAGE_TITLE = "Apache Kafka (GraalVM native image)";
// The experimental status in the proposal's words (KIP-974, "Compatibility, Deprecation, and Migration Plan").
export const IMAGE_DESCRIPTION =
  "Experimental Apache Kafka image with a GraalVM native-image broker in KRaft mode. " +
  "Recommended only for development and testing, not for production workloads.";

export const DEFAULT_SOURCE = "https://github.com/apache/kafka";

/** The repository URL: GitHub Actions names it ($GITHUB_SERVER_URL/$GITHUB_REPOSITORY); else Apache Kafka's. */
export function sourceUrl(env: Readonly<Record<string, string | undefined>>): string {
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY) return `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}`;
  return DEFAULT_SOURCE;
}

/** The labels, in a fixed order (title first), so commands and tests read the same every time. */
export function ociLabels(input: LabelInput): Array<[string, string]> {
  return [
    [`${LABEL_PREFIX}.title`, IMAGE_TITLE],
    [`${LABEL_PREFIX}.description`, IMAGE_DESCRIPTION],
    [`${LABEL_PREFIX}.version`, input.version],
    [`${LABEL_PREFIX}.revision`, input.revision],
    [`${LABEL_PREFIX}.source`, input.source],
    [`${LABEL_PREFIX}.licenses`, "Apache-2.0"],
  ];
}

/** `--label k=v` pairs for docker build / docker buildx build. */
export function labelArgs(labels: ReadonlyArray<[string, string]>): string[] {
  return labels.flatMap(([key, value]) => ["--label", `${key}=${value}`]);
}
