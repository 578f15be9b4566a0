// The developer profile (contract §8: developer-friendly extras, shown and switchable): broker keys
// and JVM options that make a test broker start faster and smaller. Each applies only where no
// file, default or variable sets it, shows up in `explain` as `profile dev`, and
// LAUNCHER_PROFILE=off turns all of it off.
import type { Entry } from "./inputs.ts";
import { LAUNCHER_ENV } from "./policy.ts";

export type Profile = { name: string; properties: Readonly<Record<string, string>>; jvm: { heap: string; performance: string } };

/** Values chosen from docs/benchmarks.md; change them only with a measurement. */
export const DEV_PROFILE: Profile = {
  name: "dev",
  properties: {
    // consumers in tests join one at a time; upstream waits 3 s for more members first
    "group.initial.rebalance.delay.ms": "0",
  },
  jvm: {
    heap: "-Xms32M -Xmx512M",
    performance: "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Djava.awt.headless=true",
  },
};

export function chooseProfile(env: Readonly<Record<string, string>>): Profile | undefined {
  const wanted = (env[LAUNCHER_ENV.profile] ?? "dev").toLowerCase();
  return wanted === "off" || wanted === "none" ? undefined : DEV_PROFILE;
}

/** Profile keys under everything else: added only where nothing set the key. */
export function applyProfile(config: Map<string, Entry>, profile: Profile | undefined): void {
  if (!profile) return;
  for (const [key, value] of Object.entries(profile.properties)) {
    if (!config.has(key)) config.set(key, { key, value, source: { kind: "profile", name: profile.name }, secret: false });
  }
}
