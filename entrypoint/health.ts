// `kafka-launcher health`: placeholder until the ApiVersions probe lands (issue 3).
export async function checkHealth(_bootstrap: string, _timeoutMs: number): Promise<number> {
  throw new Error("health is not implemented yet");
}
