// The plain values the pure core works on. The edge (gather.ts) fills them; nothing here does I/O.
import type { Catalog } from "./kafka/catalog.ts";
import type { IoKind, Source } from "./problems.ts";

export type FileText = { path: string; text: string };

export type FileRead =
  | { ok: true; text: string }
  | { ok: false; kind: IoKind; detail: string };

export type Paths = {
  defaultConfigsDir: string;
  mountedConfigsDir: string;
  finalConfigsDir: string;
  secretsDir: string;
};

export type Inputs = {
  env: Readonly<Record<string, string>>;
  paths: Paths;
  defaults: { server: FileText; log4j2: FileText; toolsLog4j2: FileText };
  mounted: { server?: FileText; log4j2?: FileText; toolsLog4j2?: FileText };
  /** Secret files named by the environment, read by the edge: absolute path → content or failure. */
  files: Readonly<Record<string, FileRead>>;
  catalog: Catalog;
  /** This host's address, for JMX's rmi host name (upstream: `hostname -i`). */
  hostAddress?: string;
};

/** One effective configuration key. */
export type Entry = { key: string; value: string; source: Source; secret: boolean };

/** A variable after `*_FILE` indirection: its value and where that came from. */
export type EnvValue = { value: string; source: Source; secret: boolean };
