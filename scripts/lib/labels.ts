// OCI image labels (https://github.com/opencontainers/image-spec/blob/main/annotations.md), from the
// same version source as `kafka-launcher --version`: entrypoint/core/version.ts, which reads the one pin
// <kafka.version> in resources/broker/pom.xml. Pure: the caller passes the git revision and the source.
//
// Used by scripts/release.ts (the native image) and scripts/build-image.ts (`npm run image`, the
// JVM-backed image), so a local image and a released one carry the same labels; only the title and
// description say which broker binary is inside.

export const LABEL_PREFIX = "org.opencontainers.image";

export type LabelInput = {
  /** The image version: the Kafka version, plus `-N` for a Docker-only re-release (4.4.0-1). */
  version: string;
  /** Full git commit of the repository the image was built from. */
  revision: string;
  /** URL of that repository. */
  source: string;
  /** Which broker binary the image holds (docker/native/Dockerfile or docker/jvm/Dockerfile); default native. */
  broker?: BrokerKind;
};

export type BrokerKind = "native" | "jvm";

// The experimental status in the proposal's words (KIP-974, "Compatibility, Deprecation, and Migration Plan").
const FOR_TESTS = "Recommended only for development and testing, not for production workloads.";

/** Title and description per image: each says truthfully what runs the broker. */
export const IMAGE_TEXTS: Readonly<Record<BrokerKind, { title: string; description: string }>> = {
  native: {
    title: "Apache Kafka (GraalVM native image)",
    description: `Experimental Apache Kafka image with a GraalVM native-image broker in KRaft mode. ${FOR_TESTS}`,
  },
  jvm: {
    title: "Apache Kafka (kafka-native layout, JVM broker)",
    description:
      "Apache Kafka in KRaft mode with the kafka-native image's layout and launcher; the broker runs on a " +
      `jlink'd OpenJDK runtime with a JDK AOT cache, not as a GraalVM native executable. ${FOR_TESTS}`,
  },
};

export const DEFAULT_SOURCE = "https://github.com/apache/kafka";

/** The repository URL: GitHub Actions names it ($GITHUB_SERVER_URL/$GITHUB_REPOSITORY); else Apache Kafka's. */
export function sourceUrl(env: Readonly<Record<string, string | undefined>>): string {
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY) return `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}`;
  return DEFAULT_SOURCE;
}

/** The labels, in a fixed order (title first), so commands and tests read the same every time. */
export function ociLabels(input: LabelInput): Array<[string, string]> {
  const texts = IMAGE_TEXTS[input.broker ?? "native"];
  return [
    [`${LABEL_PREFIX}.title`, texts.title],
    [`${LABEL_PREFIX}.description`, texts.description],
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
