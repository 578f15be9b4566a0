// Throwaway certificates for the SSL tests (test/broker/security.test.ts, test/docker/features.test.ts):
// a CA signs a broker key (CN=localhost, SAN localhost and 127.0.0.1, usable as server and as client, for a
// broker that talks SSL to itself) and a client key. keytool only (a JDK on PATH), EC keys; the JVM flags
// make each keytool run ~1 s instead of ~2 s; independent steps run side by side.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { capture } from "./run.ts";

export type Certificates = {
  /** in `secrets`: the broker's PKCS12 keystore, and a truststore holding the CA */
  brokerKeystore: string;
  truststore: string;
  /** in `work`: the client's PKCS12 keystore, the CA as PEM (for librdkafka) */
  clientKeystore: string;
  caPem: string;
};

/** broker.keystore.p12 and truststore.p12 in `secrets`, the client's stores in `work`; every store's password is `password` (PKCS12: the key's too). */
export async function makeCertificates(secrets: string, work: string, password: string): Promise<Certificates> {
  const keytool = async (...args: string[]) => {
    const argv = ["keytool", "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", ...args, "-storepass", password];
    const out = await capture(argv, { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...(process.env.JAVA_HOME ? { JAVA_HOME: process.env.JAVA_HOME } : {}) } });
    if (out.exitCode !== 0) throw new Error(`keytool ${args.join(" ")} failed (${out.exitCode}):\n${out.stdout}${out.stderr}`);
  };
  const f = (name: string) => join(work, name);
  const brokerKeystore = join(secrets, "broker.keystore.p12");
  const truststore = join(secrets, "truststore.p12");
  const genkey = (alias: string, store: string, dname: string, ...ext: string[]) =>
    keytool("-genkeypair", "-alias", alias, "-dname", dname, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store, ...ext);
  await Promise.all([
    genkey("ca", f("ca.p12"), "CN=broker-test CA", "-ext", "bc:c"),
    genkey("broker", brokerKeystore, "CN=localhost"),
    genkey("client", f("client.keystore.p12"), "CN=broker-test client"),
  ]);
  await Promise.all([
    keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", f("ca.p12"), "-file", f("ca.pem")),
    keytool("-certreq", "-alias", "broker", "-keystore", brokerKeystore, "-file", f("broker.csr")),
    keytool("-certreq", "-alias", "client", "-keystore", f("client.keystore.p12"), "-file", f("client.csr")),
  ]);
  const sign = (csr: string, crt: string, ...ext: string[]) =>
    keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", f("ca.p12"), "-validity", "2", "-infile", csr, "-outfile", crt, ...ext);
  await Promise.all([
    sign(f("broker.csr"), f("broker.crt"), "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-ext", "EKU=serverAuth,clientAuth"),
    sign(f("client.csr"), f("client.crt"), "-ext", "EKU=clientAuth"),
    keytool("-importcert", "-noprompt", "-alias", "ca", "-file", f("ca.pem"), "-storetype", "PKCS12", "-keystore", truststore),
  ]);
  // A signed certificate followed by the CA's is a chain keytool installs in one step.
  const chain = (crt: string) => {
    writeFileSync(`${crt}.chain`, readFileSync(crt, "utf8") + readFileSync(f("ca.pem"), "utf8"));
    return `${crt}.chain`;
  };
  await Promise.all([
    keytool("-importcert", "-noprompt", "-alias", "broker", "-file", chain(f("broker.crt")), "-keystore", brokerKeystore),
    keytool("-importcert", "-noprompt", "-alias", "client", "-file", chain(f("client.crt")), "-keystore", f("client.keystore.p12")),
  ]);
  return { brokerKeystore, truststore, clientKeystore: f("client.keystore.p12"), caPem: f("ca.pem") };
}
