import assert from "node:assert/strict";
import {
  createNamedNetns,
  deleteNamedNetns,
  isExists,
  isNotFound,
  NetlinkSocket,
  Netns,
  netnsExists,
  Rtnl,
  SyscallError,
  withNetns,
} from "../netlink/mod.ts";
import { createTestNetns, createTestVeth, leftoverTestNetns } from "./fixtures/netns.ts";

const ignore = Deno.uid() !== 0;

function openFds(): number {
  return [...Deno.readDirSync("/proc/self/fd")].length;
}

/** Runs `fn` and fails if it leaves file descriptors open (FFI fds are invisible to Deno's resource sanitizer). */
function withoutFdLeak(fn: () => void): void {
  const before = openFds();
  fn();
  assert.equal(openFds(), before, "file descriptors leaked");
}

Deno.test({
  name: "createNamedNetns() pins a new namespace that deleteNamedNetns() removes, twice without error",
  ignore,
  fn() {
    withoutFdLeak(() => {
      const name = `cnit-${Deno.pid}-named`;
      const path = createNamedNetns(name);
      try {
        assert.equal(path, `/var/run/netns/${name}`);
        assert.ok(netnsExists(path));
        assert.ok(netnsExists(name));
        assert.equal(Netns.isCurrent(path), false);
        assert.throws(() => createNamedNetns(name), (err: unknown) => isExists(err));
      } finally {
        deleteNamedNetns(name);
      }
      assert.equal(netnsExists(path), false);
      deleteNamedNetns(name);
      deleteNamedNetns(path);
    });
  },
});

Deno.test({
  name: "createNamedNetns() rejects names that are not a single path component",
  ignore,
  fn() {
    for (const bad of ["", ".", "..", "a/b"]) assert.throws(() => createNamedNetns(bad), TypeError);
  },
});

Deno.test({
  name: "Netns.open() reports a missing path as not found and a plain file as not a namespace",
  ignore,
  fn() {
    withoutFdLeak(() => {
      assert.throws(
        () => Netns.open("/var/run/netns/cnit-does-not-exist"),
        (err: unknown) => err instanceof SyscallError && isNotFound(err) && err.errnoName === "ENOENT",
      );
      assert.throws(() => Netns.open("/proc/self/status"), /not a network namespace/);
      using self = Netns.current();
      assert.ok(Netns.isCurrent(self.path));
    });
  },
});

Deno.test({
  name: "withNetns() runs inside the namespace and restores the caller's, also when the callback throws",
  ignore,
  fn() {
    withoutFdLeak(() => {
      using ns = createTestNetns();
      const inside = withNetns(ns.path, () => Netns.isCurrent(ns.path));
      assert.equal(inside, true);
      assert.equal(Netns.isCurrent(ns.path), false);
      assert.throws(() =>
        withNetns(ns.path, () => {
          throw new Error("boom");
        }), /boom/);
      assert.equal(Netns.isCurrent(ns.path), false);
      using handle = Netns.open(ns.path);
      const devices = withNetns(handle, () => Deno.readTextFileSync("/proc/thread-self/net/dev"));
      assert.match(devices, /\blo:/);
      assert.doesNotMatch(devices, /\beth0:/);
    });
  },
});

Deno.test({
  name: "NetlinkSocket opened in a namespace stays bound to it after the thread leaves",
  ignore,
  fn() {
    withoutFdLeak(() => {
      using ns = createTestNetns();
      using socket = NetlinkSocket.open({ netns: ns.path });
      assert.ok(socket.portId > 0);
      assert.equal(Netns.isCurrent(ns.path), false);
      using rtnl = Rtnl.open({ netns: ns.path });
      assert.deepEqual(rtnl.linkList().map((l) => l.name), ["lo"]);
    });
  },
});

Deno.test({
  name: "createTestNetns() disposes the namespace together with the links inside it",
  ignore,
  fn() {
    withoutFdLeak(() => {
      let name = "";
      {
        using a = createTestNetns();
        using b = createTestNetns();
        name = a.name;
        const { index, peerIndex } = createTestVeth({ name: "cnit-a0", peerName: "cnit-b0", netns: a, peerNetns: b });
        assert.ok(index > 0 && peerIndex > 0);
      }
      assert.equal(netnsExists(name), false);
      assert.ok(!leftoverTestNetns(name).includes(name));
    });
  },
});
