// Probe: module evaluation of dot-properties plus parsing the image's default server.properties.
import { parseLines } from "dot-properties";
// @ts-ignore: a text import (Bun), no type declaration for .properties
import text from "../../resources/defaults/server.properties" with { type: "text" };
if (parseLines(text).length === 0) process.exit(1);
