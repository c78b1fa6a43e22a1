// The response body writer: a large download (a signature export) is read from its stream only as fast as
// the client takes it, with at most a megabyte waiting beyond the writable's own buffer; a client that goes
// away stops the reading.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { writeBody } from "./app";

const chunkBytes = 100 * 1024;

/** A body of `chunks` chunks that counts how many have been read from it. */
function countingBody(chunks: number) {
  const state = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (state.pulled === chunks) return controller.close();
        state.pulled += 1;
        controller.enqueue(new Uint8Array(chunkBytes).fill(state.pulled % 256));
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { body, state };
}

/** A writable whose writes complete only when the test says so (a client that has stopped reading). */
function stalledClient() {
  const callbacks: (() => void)[] = [];
  let received = 0;
  const writable = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      callbacks.push(() => callback());
    },
  });
  return {
    writable,
    received: () => received,
    /** The client reads everything written so far, and from now on reads at once. */
    resume() {
      writable._write = (chunk: Buffer, _encoding, callback) => {
        received += chunk.length;
        callback();
      };
      for (const callback of callbacks.splice(0)) callback();
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe("writeBody", () => {
  it("reads no more than about a megabyte ahead of a client that has stopped reading, then finishes", async () => {
    const { body, state } = countingBody(100);
    const client = stalledClient();
    const done = writeBody(body, client.writable as never);
    await settle();
    // 1 MB is ten chunks of 100 KB: the eleventh goes over and the writer waits.
    expect(state.pulled).toBeGreaterThanOrEqual(10);
    expect(state.pulled).toBeLessThanOrEqual(12);
    await settle();
    expect(state.pulled).toBeLessThanOrEqual(12);

    client.resume();
    await done;
    expect(state.pulled).toBe(100);
    expect(client.received()).toBe(100 * chunkBytes);
    expect(client.writable.writableEnded).toBe(true);
  });

  it("stops reading the body when the client goes away", async () => {
    const { body, state } = countingBody(100);
    const client = stalledClient();
    const done = writeBody(body, client.writable as never);
    await settle();
    const pulled = state.pulled;
    client.writable.destroy();
    await done;
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThanOrEqual(pulled + 1);
  });
});
