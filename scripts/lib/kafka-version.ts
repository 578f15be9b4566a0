// The --kafka-version flag of the release scripts, checked against the one pin: <kafka.version> in
// resources/broker/pom.xml, which entrypoint/core/version.ts bakes into the launcher. Pure.

export const KAFKA_VERSION_FORMAT = /^\d+\.\d+\.\d+$/;

export type FlagProblem = { subject: string; message: string; fix: string };

/** undefined when `version` is a MAJOR.MINOR.PATCH equal to the pin; else the problem, with an example. */
export function checkKafkaVersion(version: string, pinned: string): FlagProblem | undefined {
  if (!KAFKA_VERSION_FORMAT.test(version)) {
    return {
      subject: "--kafka-version",
      message: `"${version}" is not a Kafka release version (MAJOR.MINOR.PATCH)`,
      fix: `pass the Kafka version the image packages, e.g. --kafka-version ${pinned}`,
    };
  }
  if (version !== pinned) {
    return {
      subject: "--kafka-version",
      message: `${version} is not the pinned Kafka version ${pinned}; the broker jars, the labels and \`kafka-launcher --version\` all come from the pin`,
      fix: `set <kafka.version>${version}</kafka.version> in resources/broker/pom.xml and commit it, or pass --kafka-version ${pinned}`,
    };
  }
  return undefined;
}

/** The launcher's report style: one block, each problem with its fix. */
export function formatProblems(script: string, what: string, problems: readonly FlagProblem[]): string {
  const head = `${script}: cannot ${what}: ${problems.length === 1 ? "1 problem" : `${problems.length} problems`}`;
  const body = problems.map((p) => `  ✗ ${p.subject}: ${p.message}\n      fix: ${p.fix}`);
  return `${[head, ...body].join("\n")}\n`;
}
