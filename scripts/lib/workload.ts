// A small real client workload with kafkajs: create a topic, produce `messages` records in batches,
// consume them all back in a consumer group (join, fetch, offset commits), disconnect. Used to put
// load on a broker before reading its memory, and as the AOT cache's training run.
import { Kafka, logLevel } from "kafkajs";

export type WorkloadResult = { produced: number; consumed: number; ms: number };

export async function workload(bootstrap: string, messages = 10_000, topic = `load-${Date.now()}`): Promise<WorkloadResult> {
  const t0 = performance.now();
  const kafka = new Kafka({ clientId: "bench", brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 20, initialRetryTime: 100 } });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
  await admin.disconnect();

  const producer = kafka.producer();
  await producer.connect();
  const value = "x".repeat(100);
  const batch = 500;
  for (let sent = 0; sent < messages; sent += batch) {
    const n = Math.min(batch, messages - sent);
    await producer.send({ topic, messages: Array.from({ length: n }, (_, i) => ({ key: String(sent + i), value })) });
  }
  await producer.disconnect();

  const consumer = kafka.consumer({ groupId: `${topic}-group`, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let consumed = 0;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`consumed ${consumed}/${messages} in 120 s`)), 120_000);
    consumer.run({
      eachBatch: async ({ batch: b }) => {
        consumed += b.messages.length;
        if (consumed >= messages) {
          clearTimeout(timer);
          resolve();
        }
      },
    }).catch(reject);
  });
  await consumer.disconnect();
  return { produced: messages, consumed, ms: performance.now() - t0 };
}

if (import.meta.main) {
  const [bootstrap = "localhost:9092", n = "1000"] = process.argv.slice(2);
  console.log(await workload(bootstrap, Number(n)));
}

/**
 * What a test waits for after the produce: a consumer in a new group reads `topic` from the start.
 * Resolves with performance.now() when the first record arrives. kafkajs's retries are made short
 * (50 ms, at most 200 ms apart) so that its back-off does not hide when the broker became able to answer.
 */
export async function consumeFirst(bootstrap: string, topic: string, timeoutMs: number): Promise<number> {
  const kafka = new Kafka({ clientId: "round-trip", brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 1000, initialRetryTime: 50, maxRetryTime: 200 } });
  const consumer = kafka.consumer({ groupId: `${topic}-${Date.now()}`, retry: { retries: 1000, initialRetryTime: 50, maxRetryTime: 200 } });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    return await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no record of ${topic} consumed within ${timeoutMs} ms`)), timeoutMs);
      consumer.run({
        eachMessage: async () => {
          clearTimeout(timer);
          resolve(performance.now());
        },
      }).catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
}
