// Secrets: `*_FILE` variables (docker-library convention) and the SSL `*_FILENAME` / `*_CREDENTIALS`
// inputs of upstream (contract §4). Decides which files the edge must read, then turns their
// contents into values. Secret values never leave this module except inside Entry/EnvValue with
// `secret: true`.
import { isAbsolute, join } from "node:path";
import { ENV_PREFIX, envToProperty } from "./envname.ts";
import type { Catalog } from "../kafka/catalog.ts";
import type { Entry, EnvValue, FileRead, Inputs, Paths } from "../inputs.ts";
import { FILE_TARGETS, SSL_SECRET_ENV } from "../policy.ts";
import type { Problem } from "../problems.ts";

const FILE_SUFFIX = "_FILE";

/**
 * `KAFKA_SASL_JAAS_CONFIG_FILE` → `KAFKA_SASL_JAAS_CONFIG`, unless the variable sets a broker config whose name
 * ends in `.file`: one of the catalog's (`sasl.oauthbearer.assertion.file`) or a prefixed form of one
 * (`listener.name.<listener>.<mechanism>.sasl.oauthbearer.assertion.file`).
 */
export function indirectionTarget(variable: string, catalog: Catalog): string | undefined {
  if (!variable.endsWith(FILE_SUFFIX) || variable.length === FILE_SUFFIX.length) return undefined;
  if (variable.startsWith(ENV_PREFIX) && isFileConfig(envToProperty(variable), catalog)) return undefined;
  const target = variable.slice(0, -FILE_SUFFIX.length);
  if (target === "KAFKA" || !(target.startsWith(ENV_PREFIX) || FILE_TARGETS.has(target))) return undefined;
  return target;
}

function isFileConfig(property: string, catalog: Catalog): boolean {
  if (catalog.keys.has(property)) return true;
  for (const key of catalog.keys.keys()) if (key.endsWith(".file") && property.endsWith(`.${key}`)) return true;
  return false;
}

export function secretPath(name: string, secretsDir: string): string {
  return isAbsolute(name) ? name : join(secretsDir, name);
}

/** Every file the pure core will want to see: the edge reads exactly these. */
export function secretFilesToRead(env: Readonly<Record<string, string>>, paths: Paths, catalog: Catalog): string[] {
  const wanted = Object.keys(env)
    .filter((v) => indirectionTarget(v, catalog))
    .map((v) => secretPath(env[v]!, paths.secretsDir));
  for (const variable of Object.values(SSL_SECRET_ENV)) {
    const name = env[variable];
    if (name) wanted.push(secretPath(name, paths.secretsDir));
  }
  return [...new Set(wanted)].sort();
}

/** File content as a value: trailing newlines dropped (an editor's last newline is never part of a password). */
export function secretValue(text: string): string {
  return text.replace(/[\r\n]+$/, "");
}

/** The environment with every `*_FILE` variable replaced by the variable it stands for. */
export function resolveEnv(inputs: Inputs): { vars: Map<string, EnvValue>; problems: Problem[] } {
  const vars = new Map<string, EnvValue>();
  const problems: Problem[] = [];
  for (const name of Object.keys(inputs.env).sort()) {
    const target = indirectionTarget(name, inputs.catalog);
    if (!target) {
      if (!vars.has(name)) vars.set(name, { value: inputs.env[name]!, source: { kind: "env", name }, secret: false });
      continue;
    }
    if (inputs.env[target] !== undefined) {
      problems.push(bothForms(name, target));
      continue;
    }
    const path = secretPath(inputs.env[name]!, inputs.paths.secretsDir);
    const read = inputs.files[path];
    if (!read?.ok) {
      problems.push(unreadable(name, path, read));
      continue;
    }
    vars.set(target, { value: secretValue(read.text), source: { kind: "secret", name, path }, secret: true });
  }
  return { vars, problems };
}

function bothForms(fileVar: string, target: string): Problem {
  return {
    kind: "usage",
    severity: "error",
    subject: target,
    message: `both ${target} and ${fileVar} are set`,
    fix: `set only one of them: ${fileVar} reads the value from a file, ${target} gives it directly`,
    source: { kind: "env", name: fileVar },
  };
}

export function unreadable(variable: string, path: string, read: FileRead | undefined): Problem {
  const kind = read && !read.ok ? read.kind : "missing-input";
  const what = kind === "missing-input" ? "does not exist" : kind === "permission" ? "cannot be read (permission denied)" : "cannot be read";
  return {
    kind,
    severity: "error",
    subject: variable,
    message: `${variable} names ${path}, which ${what}`,
    fix:
      kind === "permission"
        ? `make ${path} readable by the container user (uid ${"1000"} or group 0)`
        : `mount the file there (e.g. -v ./secrets:/etc/kafka/secrets) or correct ${variable}`,
    source: { kind: "env", name: variable },
  };
}

type SslNeeds = { keystore: boolean; truststore: boolean };

/**
 * Upstream's SSL inputs: keystore (and truststore when clients must authenticate) named by
 * file in the secrets folder, passwords from credential files. Only when the config does not
 * already say where the stores are.
 */
export function applySslSecrets(config: Map<string, Entry>, inputs: Inputs, needsSsl: boolean): Problem[] {
  if (!needsSsl) return [];
  const needs: SslNeeds = {
    keystore: !hasKeyEnding(config, "ssl.keystore.location"),
    truststore: ["required", "requested"].includes(config.get("ssl.client.auth")?.value ?? "") && !hasKeyEnding(config, "ssl.truststore.location"),
  };
  const problems: Problem[] = [];
  if (needs.keystore) {
    problems.push(...storeFromSecrets(config, inputs, "keystore", SSL_SECRET_ENV.keystoreFilename, SSL_SECRET_ENV.keystoreCredentials));
    problems.push(...passwordFromSecret(config, inputs, "ssl.key.password", SSL_SECRET_ENV.keyCredentials, false));
  }
  if (needs.truststore) {
    problems.push(...storeFromSecrets(config, inputs, "truststore", SSL_SECRET_ENV.truststoreFilename, SSL_SECRET_ENV.truststoreCredentials));
  }
  return problems;
}

function hasKeyEnding(config: Map<string, Entry>, suffix: string): boolean {
  return [...config.keys()].some((k) => k === suffix || k.endsWith(`.${suffix}`));
}

function storeFromSecrets(config: Map<string, Entry>, inputs: Inputs, store: "keystore" | "truststore", fileVar: string, credVar: string): Problem[] {
  const name = inputs.env[fileVar];
  const key = `ssl.${store}.location`;
  if (!name) {
    return [
      {
        kind: "config",
        severity: "error",
        subject: fileVar,
        message: `an SSL listener needs a ${store}, and neither ${key} nor ${fileVar} is set`,
        fix: `put the ${store} in ${inputs.paths.secretsDir} and set ${fileVar}=<its file name> and ${credVar}=<file holding its password>`,
        stricter: "ssl-without-store",
      },
    ];
  }
  const path = secretPath(name, inputs.paths.secretsDir);
  const read = inputs.files[path];
  if (!read?.ok) return [unreadable(fileVar, path, read)];
  config.set(key, { key, value: path, source: { kind: "env", name: fileVar }, secret: false });
  return passwordFromSecret(config, inputs, `ssl.${store}.password`, credVar, true);
}

function passwordFromSecret(config: Map<string, Entry>, inputs: Inputs, key: string, credVar: string, required: boolean): Problem[] {
  if (config.has(key)) return [];
  const name = inputs.env[credVar];
  if (!name) {
    if (!required) return [];
    return [
      {
        kind: "config",
        severity: "error",
        subject: credVar,
        message: `${key} is not set and ${credVar} does not name a credentials file`,
        fix: `write the password to a file in ${inputs.paths.secretsDir} and set ${credVar}=<that file name>`,
        stricter: "ssl-without-store",
      },
    ];
  }
  const path = secretPath(name, inputs.paths.secretsDir);
  const read = inputs.files[path];
  if (!read?.ok) return [unreadable(credVar, path, read)];
  config.set(key, { key, value: secretValue(read.text), source: { kind: "secret", name: credVar, path }, secret: true });
  return [];
}
