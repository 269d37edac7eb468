import assert from "node:assert/strict";
import { encodeLinkSet, FakeKernel, NetlinkError, Rtnl } from "../netlink/mod.ts";
import { createInNetns, type CreateInNetnsOptions } from "./create_in_netns.ts";

const RTM_NEWLINK = 16;
const RTM_DELLINK = 17;
const RTM_GETLINK = 18;
const EEXIST = 17;
const INDEX = 7;
const MESSAGES = { create: 'Cannot create macvlan "eth0" on "eth1"', rename: 'Cannot rename macvlan to "eth0"' };

/** A kernel where the created link has index 7; `renameErrno` fails the rename. */
function kernel(renameErrno?: number): FakeKernel {
  return new FakeKernel((request) => {
    if (request.type === RTM_GETLINK) {
      return { messages: [{ type: RTM_NEWLINK, data: encodeLinkSet(INDEX, { name: "eth0" }) }] };
    }
    if (request.type === RTM_NEWLINK && renameErrno !== undefined) return { errno: renameErrno };
    return {};
  });
}

function options(extra: Partial<CreateInNetnsOptions> = {}): CreateInNetnsOptions {
  return { ifname: "eth0", create: () => {}, messages: MESSAGES, ...extra };
}

Deno.test("createInNetns() creates under a temporary name, configures it, then renames it to ifname", () => {
  const fake = kernel();
  using rtnl = new Rtnl(fake);
  const created: string[] = [];
  const configured: number[] = [];
  const link = createInNetns(
    rtnl,
    options({ create: (name) => created.push(name), configure: (i) => configured.push(i) }),
  );
  assert.equal(created.length, 1);
  assert.match(created[0]!, /^veth[0-9a-f]{8}$/);
  assert.deepEqual(configured, [INDEX]);
  assert.equal(link.index, INDEX);
  assert.deepEqual(fake.requests.map((r) => r.type), [RTM_GETLINK, RTM_NEWLINK, RTM_GETLINK]);
  assert.deepEqual(fake.requests[1]?.data, encodeLinkSet(INDEX, { name: "eth0" }));
});

Deno.test("createInNetns() wraps a failed create with messages.create and sends nothing", () => {
  const fake = kernel();
  using rtnl = new Rtnl(fake);
  const cause = new Error("link exists (EEXIST)");
  assert.throws(() =>
    createInNetns(
      rtnl,
      options({
        create: () => {
          throw cause;
        },
      }),
    ), (err: Error) => {
    assert.equal(err.message, 'Cannot create macvlan "eth0" on "eth1": link exists (EEXIST)');
    assert.equal(err.cause, cause);
    return true;
  });
  assert.equal(fake.requests.length, 0);
});

Deno.test("createInNetns() removes the link when the rename fails and says so with messages.rename", () => {
  const fake = kernel(EEXIST);
  using rtnl = new Rtnl(fake);
  assert.throws(() => createInNetns(rtnl, options()), (err: Error) => {
    assert.ok(err.message.startsWith('Cannot rename macvlan to "eth0": '), err.message);
    assert.ok(err.cause instanceof NetlinkError);
    return true;
  });
  assert.deepEqual(fake.requests.map((r) => r.type), [RTM_GETLINK, RTM_NEWLINK, RTM_DELLINK]);
});

Deno.test("createInNetns() removes the link when configure fails and throws its error unchanged", () => {
  const fake = kernel();
  using rtnl = new Rtnl(fake);
  const failure = new RangeError("Cannot set MTU 70000");
  assert.throws(
    () =>
      createInNetns(
        rtnl,
        options({
          configure: () => {
            throw failure;
          },
        }),
      ),
    (err) => err === failure,
  );
  assert.deepEqual(fake.requests.map((r) => r.type), [RTM_GETLINK, RTM_DELLINK]);
});
