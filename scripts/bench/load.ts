// The load generator of the benchmark, run as its own process (so that the bench's bookkeeping never shares
// its event loop). For each LoadConfig it drives the target with autocannon, first for a short warm-up and
// then for the measurement, and answers a LoadResult. The bench starts it once and sends it every load over
// IPC (so each measurement has a client already started and compiled); given a LoadConfig as JSON in its
// first argument instead, it runs that one load and prints the LoadResult as one line of JSON.
//
// Every request is built in autocannon's setupRequest, so that each one carries its own client address in
// X-Forwarded-For (the server trusts it from loopback, as behind a reverse proxy) and, for the sign form, its
// own email address, and for confirmations its own token. The per-address and per-email limits then act as
// in production, and none of them is reached.
import fs from "node:fs";
import autocannon from "autocannon";
import { addressesPerRun, clientAddress } from "./lib";

export type LoadRequest =
  /** GETs, cycling through the paths (as browsers reading the pages). */
  | { kind: "get"; paths: string[] }
  /** The sign form, urlencoded, with a new email address each time (the trivial baseline gets the same bodies). */
  | { kind: "sign"; path: string; emailPrefix: string }
  /** POST <pathPrefix><token> with the next unused token of the file (one per line). */
  | { kind: "confirm"; pathPrefix: string; tokensFile: string; tokenOffset?: number }
  /** An empty POST (the trivial baseline of the confirmation). */
  | { kind: "post"; path: string };

export interface LoadConfig {
  /** Origin of the server under load (http://127.0.0.1:port). */
  url: string;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  request: LoadRequest;
  /** Which range of client addresses this run uses (runs never share an address). */
  run: number;
}

export interface LoadSummary {
  seconds: number;
  /** Responses received (whatever their status). */
  responses: number;
  /** Responses per second. */
  rps: number;
  /** Milliseconds. */
  latency: { mean: number; p50: number; p99: number; max: number };
  statusCodes: Record<string, number>;
  /** Responses that are neither 2xx nor 3xx. */
  badStatus: number;
  /** Connection errors and timeouts. */
  errors: number;
  timeouts: number;
  bytes: number;
}

export interface LoadResult {
  warmup: LoadSummary;
  measured: LoadSummary;
  /** Distinct client addresses (and emails or tokens) used, warm-up included. */
  requestsBuilt: number;
  /** True when the confirmation tokens ran out (the later requests then used an invalid token). */
  tokensExhausted: boolean;
}

const countries = ["DE", "FR", "GB", "US", "IR", "CA", "SE", "NL", "IT", "ES", "AU", "NO", "CH", "BE", "AT"];
const firstNames = ["Maryam", "Reza", "Sara", "Ali", "Leila", "Hamid", "Anna", "Jonas", "Claire", "Omid", "Nasrin", "David", "مریم", "رضا", "لیلا"];
const lastNames = ["Karimi", "Ahmadi", "Rostami", "Schmidt", "Martin", "Moradi", "Jansen", "Rossi", "Tehrani", "Garcia", "کریمی", "احمدی"];

/** The urlencoded body of the n-th submission of the sign form (no altcha field: no proof of work). */
function signBody(emailPrefix: string, n: number): string {
  const form = new URLSearchParams({
    fullName: `${firstNames[n % firstNames.length]} ${lastNames[(n >> 4) % lastNames.length]}`,
    email: `${emailPrefix}-${n}@example.org`,
    country: countries[n % countries.length]!,
  });
  // One submission in four has a comment; one in three asks to be listed publicly.
  if (n % 4 === 0) form.set("comment", "The families of the victims deserve the truth and an independent investigation.");
  if (n % 3 === 0) form.set("showPublicly", "on");
  return form.toString();
}

function summarise(result: autocannon.Result): LoadSummary {
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stats.count ?? 0;
  const responses = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  return {
    seconds: result.duration,
    responses,
    rps: responses / result.duration,
    latency: { mean: result.latency.mean, p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    statusCodes,
    badStatus: result["1xx"] + result["4xx"] + result["5xx"],
    errors: result.errors,
    timeouts: result.timeouts,
    bytes: result.throughput.total,
  };
}

export type LoadAnswer = { result: LoadResult } | { error: string };

async function runLoad(config: LoadConfig): Promise<LoadResult> {
  const spec = config.request;
  let n = 0;
  let tokensExhausted = false;
  const tokens = spec.kind === "confirm" ? fs.readFileSync(spec.tokensFile, "utf8").split("\n").filter(Boolean) : [];
  const common = { Accept: "text/html,application/xhtml+xml", "Accept-Language": "en" };

  const setupRequest = (request: autocannon.Request): autocannon.Request => {
    const i = n++;
    if (i >= addressesPerRun) throw new Error("more requests than client addresses per run: raise addressesPerRun");
    const address = clientAddress(config.run * addressesPerRun + i);
    switch (spec.kind) {
      case "get":
        return { ...request, method: "GET", path: spec.paths[i % spec.paths.length]!, headers: { ...common, "Accept-Encoding": "gzip, deflate, br", "X-Forwarded-For": address } };
      case "sign":
        return {
          ...request,
          method: "POST",
          path: spec.path,
          headers: { ...common, "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": address },
          body: signBody(spec.emailPrefix, i),
        };
      case "confirm": {
        const token = tokens[(spec.tokenOffset ?? 0) + i];
        if (token === undefined) tokensExhausted = true;
        return {
          ...request,
          method: "POST",
          path: spec.pathPrefix + (token ?? "no-token-left-xxxxxxxxxxxxxxxx"),
          headers: { ...common, "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": address },
          body: "",
        };
      }
      case "post":
        return { ...request, method: "POST", path: spec.path, headers: { ...common, "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": address }, body: "" };
    }
  };

  const run = (seconds: number) =>
    autocannon({
      url: config.url,
      connections: config.connections,
      duration: seconds,
      timeout: 20,
      requests: [{ setupRequest }],
    });

  const warmup = config.warmupSeconds > 0 ? summarise(await run(config.warmupSeconds)) : summarise(emptyResult());
  const measured = summarise(await run(config.seconds));
  return { warmup, measured, requestsBuilt: n, tokensExhausted };
}

function emptyResult(): autocannon.Result {
  const zero = { total: 0, average: 0, mean: 0, stddev: 0, min: 0, max: 0, p50: 0, p99: 0 } as autocannon.Histogram;
  return {
    duration: 1,
    statusCodeStats: {},
    latency: zero,
    throughput: zero,
    errors: 0,
    timeouts: 0,
    "1xx": 0,
    "4xx": 0,
    "5xx": 0,
  } as unknown as autocannon.Result;
}

if (process.argv[2]) {
  runLoad(JSON.parse(process.argv[2]) as LoadConfig).then(
    (result) => process.stdout.write(JSON.stringify(result) + "\n"),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
} else {
  process.on("message", (config: LoadConfig) => {
    runLoad(config).then(
      (result) => process.send?.({ result } satisfies LoadAnswer),
      (error: unknown) => process.send?.({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies LoadAnswer),
    );
  });
  process.on("disconnect", () => process.exit(0));
  console.log("ready");
}
