// The pages' baseline: a bare node:http server answering "hello" to every request, on the port given as the
// first argument (0: any free port). Prints "listening <port>" when ready.
import http from "node:http";
import type { AddressInfo } from "node:net";

const server = http.createServer((_req, res) => {
  res.writeHead(200, { "Content-Type": "text/plain", "Content-Length": "5" });
  res.end("hello");
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () => process.exit(0));
