// Probe: Bun.YAML parse + stringify of the default log4j2.yaml (logging.ts's work).
import text from "../../resources/defaults/log4j2.yaml" with { type: "text" };
if (Bun.YAML.stringify(Bun.YAML.parse(text)).length === 0) process.exit(1);
