// Versions baked in at compile time: the launcher's from package.json, Kafka's from the broker
// manifest's one pin (resources/broker/pom.xml, imported as text: TypeScript cannot see that).
import pkg from "../../package.json" with { type: "json" };
import pom from "../../resources/broker/pom.xml" with { type: "text" };

export const LAUNCHER_VERSION: string = pkg.version;
export const KAFKA_VERSION: string = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom as unknown as string)?.[1] ?? "unknown";
