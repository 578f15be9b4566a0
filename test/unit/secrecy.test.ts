// entrypoint/core/secrecy.ts: what counts as secret, and how values are kept out of printed text.
import { describe, expect, test } from "bun:test";
import { maskArgv, redact, secretTexts } from "../../entrypoint/core/secrecy.ts";

describe("secrecy", () => {
  test("-D options whose names say secret, and words that carry a secret value", () => {
    expect(maskArgv(["-Dssl.keystore.password=p", "-Doauth.token=t", "-Dplain=x", "--cluster-id", "s3cr3t-id", "k=s3cr3t-id"], ["s3cr3t-id"])).toEqual([
      "-Dssl.keystore.password=******", "-Doauth.token=******", "-Dplain=x", "--cluster-id", "******", "k=******",
    ]);
  });
  test.each([
    [["PLAINTEXT://:9092, S3CR3T://h:9094"], ["PLAINTEXT://:9092, S3CR3T://h:9094", "PLAINTEXT://:9092", "S3CR3T://h:9094"]],
    [["pass,word", "pass"], ["pass,word", "pass", "word"]],
    [[" ", "a,,b"], ["a,,b", "a", "b"]],
  ])("secretTexts(%j): every secret and each comma-separated part, once, none blank", (secrets, texts) => {
    expect(secretTexts(secrets)).toEqual(texts);
  });
  test("redact: long values anywhere, short ones only as whole words", () => {
    expect(redact("node.id 7 of 17 at 7.1, id=s3cr3tvalue!", ["7", "s3cr3tvalue"])).toBe("node.id ****** of 17 at 7.1, id=******!");
  });
});
