// Foundation figures: the cost of a sign-in (argon2id is deliberately slow) and of an
// authenticated GraphQL request (session lookup + viewer query) through graphql-yoga, in-process.
import { benchDatabase, percentile, timed } from "./_db";

export default async function bench() {
  const db = await benchDatabase("bench_foundation");
  try {
    const identity = await import("../app/modules/identity");
    const { prisma } = await import("../app/platform/db/client.server");
    const { hashPassword } = await import("../app/modules/identity/crypto.server");
    const { handleGraphQL } = await import("../graphql/yoga.server");
    const password = "bench password 137";
    const user = await prisma.user.create({
      data: { email: "bench@example.com", displayName: "Bench", passwordHash: await hashPassword(password), emailVerifiedAt: new Date() },
    });
    const ctx = (i: number) => ({
      viewer: { kind: "anonymous" as const },
      locale: "en" as const,
      origin: "http://bench",
      ip: `198.51.100.${i % 250}`,
      userAgent: "bench",
    });

    const signInMs: number[] = [];
    let token = "";
    for (let i = 0; i < 25; i++) {
      signInMs.push(
        await timed(async () => {
          token = (await identity.signIn(ctx(i), { email: user.email!, password })).token;
        }),
      );
    }
    signInMs.sort((a, b) => a - b);

    const total = 3000;
    const concurrency = 20;
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < total) {
          next++;
          latencies.push(
            await timed(async () => {
              const res = await handleGraphQL(
                new Request("http://bench/graphql", {
                  method: "POST",
                  headers: { "content-type": "application/json", cookie: `session=${token}` },
                  body: JSON.stringify({ query: "{ viewer { id displayName roles { role } } }" }),
                }),
              );
              await res.text();
            }),
          );
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      title: "Foundation: sign-in and authenticated GraphQL (in-process, 2 cores)",
      rows: [
        {
          what: "signIn (argon2id verify + session insert)",
          n: signInMs.length,
          "ops/s": Math.round(1000 / percentile(signInMs, 50)),
          "p50 ms": percentile(signInMs, 50).toFixed(1),
          "p95 ms": percentile(signInMs, 95).toFixed(1),
        },
        {
          what: `GraphQL viewer query, session cookie, ${concurrency} concurrent`,
          n: total,
          "ops/s": Math.round(total / seconds),
          "p50 ms": percentile(latencies, 50).toFixed(1),
          "p95 ms": percentile(latencies, 95).toFixed(1),
        },
      ],
    };
  } finally {
    await db.stop();
  }
}
