import assert from "node:assert/strict";
import { parseDaemonFlags, parseGoDuration } from "./daemon_main.ts";

Deno.test("parseGoDuration() reads Go durations into milliseconds", () => {
  assert.equal(parseGoDuration("10s"), 10_000);
  assert.equal(parseGoDuration("1m30s"), 90_000);
  assert.equal(parseGoDuration("250ms"), 250);
  assert.equal(parseGoDuration("1.5h"), 5_400_000);
  assert.equal(parseGoDuration("0"), 0);
  assert.throws(() => parseGoDuration("10"), SyntaxError);
  assert.throws(() => parseGoDuration("10x"), SyntaxError);
});

Deno.test("parseDaemonFlags() has the reference's defaults", () => {
  assert.deepEqual(parseDaemonFlags([]), {
    socketPath: "/run/cni/dhcp.sock",
    pidFile: "",
    hostPrefix: "",
    stateFile: "/var/lib/cni/dhcp/leases.json",
    isBroadcast: false,
    timeoutMs: 10_000,
    resendMaxMs: 62_000,
  });
});

Deno.test("parseDaemonFlags() takes Go-style flags with one or two dashes, spaced or with =", () => {
  const flags = parseDaemonFlags([
    "-socketpath",
    "/tmp/d.sock",
    "--pidfile=/run/d.pid",
    "-hostprefix",
    "/host",
    "-broadcast",
    "-timeout=3s",
    "-resendmax",
    "20s",
    "-statefile",
    "none",
  ]);
  assert.deepEqual(flags, {
    socketPath: "/tmp/d.sock",
    pidFile: "/run/d.pid",
    hostPrefix: "/host",
    stateFile: "none",
    isBroadcast: true,
    timeoutMs: 3_000,
    resendMaxMs: 20_000,
  });
});

Deno.test("parseDaemonFlags() rejects unknown flags and missing values", () => {
  assert.throws(() => parseDaemonFlags(["-nope", "x"]), /Unknown daemon flag "-nope"/);
  assert.throws(() => parseDaemonFlags(["-timeout"]), /needs a value/);
  assert.throws(() => parseDaemonFlags(["socketpath"]), /Cannot parse daemon argument/);
});
