// The KAFKA_* variable → property name rule (contract §2), one pure function.

export const ENV_PREFIX = "KAFKA_";

/**
 * Maps a `KAFKA_*` variable name to the property it sets, bit-exact with upstream:
 * drop the first `KAFKA_` only (KAFKA-17911: `KAFKA_KAFKA_X` → `kafka.x`), lowercase, then
 * `_` → `.`, then `...` → `-`, then `..` → `_`.
 *
 *   KAFKA_ABC_DEF                     → abc.def
 *   KAFKA_ABC__DEF                    → abc_def
 *   KAFKA_ABC___DEF                   → abc-def
 *   KAFKA_VALID___PROPERTY__ALL_CASES → valid-property_all.cases
 *   KAFKA_A____B                      → a-.b   (the `...` replacement runs first, left to right)
 */
export function envToProperty(variable: string): string {
  return variable
    .slice(ENV_PREFIX.length)
    .toLowerCase()
    .replaceAll("_", ".")
    .replaceAll("...", "-")
    .replaceAll("..", "_");
}

/** The inverse, for messages: which variable would set this property. */
export function propertyToEnv(property: string): string {
  return ENV_PREFIX + property.replaceAll("_", "__").replaceAll("-", "___").replaceAll(".", "_").toUpperCase();
}
